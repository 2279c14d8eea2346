import type { Hono } from 'hono';
import {
  toV2Case,
  v2CreateCaseSchema,
  v2SearchSchema,
  v2SearchToQuery,
  v2StatusChangeSchema,
  v2ToNewCase,
} from '../api/v2.ts';
import type { CaseService } from '../service/case-service.ts';
import { parseWith, readJson } from './body.ts';
import { caseRoutes } from './case-routes.ts';
import type { AppEnv } from './env.ts';

/** API v2, mounted at `/api/v2`: the shared case routes plus status changes and attachment downloads. */
export function casesV2(service: CaseService): Hono<AppEnv> {
  const app = caseRoutes(service, {
    createSchema: v2CreateCaseSchema,
    toNewCase: v2ToNewCase,
    toView: toV2Case,
    searchSchema: v2SearchSchema,
    searchToQuery: v2SearchToQuery,
  });

  app.post('/cases/:id/status', async (c) => {
    const input = parseWith(v2StatusChangeSchema, await readJson(c));
    const record = service.changeStatus(c.req.param('id'), input.status, input.comment || null);
    return c.json(toV2Case(record));
  });

  app.get('/cases/:id/attachments/:attachmentId', (c) => {
    const attachment = service.getAttachment(c.req.param('id'), c.req.param('attachmentId'));
    return c.body(new Uint8Array(attachment.content), 200, {
      'content-type': attachment.mediaType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeRfc8187(attachment.fileName)}`,
    });
  });

  return app;
}

/** Percent-encodes everything outside RFC 8187's attr-char set. */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
