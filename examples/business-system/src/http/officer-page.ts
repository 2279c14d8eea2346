import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import * as z from 'zod';
import { cursorSchema, encodeCursor } from '../api/fields.ts';
import { caseStatuses } from '../domain/status.ts';
import { CaseError } from '../service/case-error.ts';
import type { CaseService } from '../service/case-service.ts';
import { apiKeyAuth } from './auth.ts';
import { parseWith } from './body.ts';
import type { AppEnv } from './env.ts';
import { type OfficerPageModel, renderOfficerPage, styleHash } from './officer-html.ts';
import { ProblemError } from './problem.ts';

const pageSize = 50;

const pageQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  changed: z.literal('1').optional(),
});

const statusFormSchema = z.strictObject({
  status: z.enum(caseStatuses),
  comment: z.string().trim().max(2000).optional(),
});

const securityHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src '${styleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'referrer-policy': 'no-referrer',
};

/**
 * The case officer's page at `/` and its status form. The officer logs in with the browser's own
 * prompt (HTTP Basic, the API key as password); the CSRF check stops other sites from posting the form
 * with those remembered credentials.
 */
export function officerPage(service: CaseService, apiKey: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/', apiKeyAuth({ apiKey, allowBasic: true }));
  app.use('/cases/*', apiKeyAuth({ apiKey, allowBasic: true }), csrf());

  const firstPage = (): Pick<OfficerPageModel, 'cases' | 'nextCursor'> => {
    const page = service.listCases({}, pageSize);
    return { cases: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
  };

  app.get('/', (c) => {
    const query = parseWith(pageQuerySchema, c.req.query(), 'query');
    const page = service.listCases({}, pageSize, query.cursor);
    const model: OfficerPageModel = {
      cases: page.items,
      nextCursor: page.next === null ? null : encodeCursor(page.next),
      notice: query.changed === undefined ? undefined : { kind: 'success', text: 'Statusen är sparad.' },
    };
    return c.body(renderOfficerPage(model), 200, securityHeaders);
  });

  app.post('/cases/:id/status', async (c) => {
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ProblemError('unsupported_media_type', {
        headers: { accept: 'application/x-www-form-urlencoded' },
      });
    }
    const form = statusFormSchema.safeParse(await c.req.parseBody());
    if (!form.success) {
      const notice = {
        kind: 'error',
        text: 'Välj en ny status. Kommentaren får vara högst 2 000 tecken.',
      } as const;
      return c.body(renderOfficerPage({ ...firstPage(), notice }), 422, securityHeaders);
    }
    try {
      service.changeStatus(c.req.param('id'), form.data.status, form.data.comment || null);
    } catch (error) {
      if (!(error instanceof CaseError) || error.code !== 'invalid_status_transition') throw error;
      const notice = {
        kind: 'error',
        text: 'Ärendet kan inte få den statusen från sin nuvarande status. Någon kan ha ändrat det nyss; se den aktuella statusen nedan.',
      } as const;
      return c.body(renderOfficerPage({ ...firstPage(), notice }), 409, securityHeaders);
    }
    // Post/redirect/get: reloading the page afterwards does not resubmit the form.
    return c.redirect('/?changed=1', 303);
  });

  return app;
}
