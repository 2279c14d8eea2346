import { Hono } from 'hono';
import type * as z from 'zod';
import { encodeCursor, type ListQuery, listQuerySchema, toListQuery } from '../api/fields.ts';
import type { CaseFilter, CaseRecord, NewCase, Page } from '../domain/case.ts';
import type { CaseService } from '../service/case-service.ts';
import { parseWith, readJson } from './body.ts';
import type { AppEnv } from './env.ts';
import { readIdempotencyKey, requestFingerprint } from './idempotency.ts';

/** How one API version names things; everything else about the case routes is shared. */
export interface ApiVersionMapping<Create extends z.ZodType, Search extends z.ZodType, View> {
  readonly createSchema: Create;
  readonly toNewCase: (input: z.output<Create>) => NewCase;
  readonly toView: (record: CaseRecord) => View;
  readonly searchSchema: Search;
  readonly searchToQuery: (input: z.output<Search>) => { filter: CaseFilter } & ListQuery;
}

/**
 * `POST /cases`, `GET /cases`, `POST /cases/search` and `GET /cases/:id` for one API version.
 * Filtering by applicant is only offered in the search body: a personal number must never be in a URL.
 */
export function caseRoutes<Create extends z.ZodType, Search extends z.ZodType, View>(
  service: CaseService,
  mapping: ApiVersionMapping<Create, Search, View>,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const toPage = (page: Page<CaseRecord>) => ({
    items: page.items.map(mapping.toView),
    nextCursor: page.next === null ? null : encodeCursor(page.next),
  });

  app.post('/cases', async (c) => {
    const key = readIdempotencyKey(c.req.header('idempotency-key'));
    const body = await readJson(c);
    const input = parseWith(mapping.createSchema, body);
    const claim =
      key === undefined ? undefined : { key, fingerprint: requestFingerprint('POST', c.req.path, body) };
    const { record, replayed } = service.createCase(mapping.toNewCase(input), claim);
    const headers = {
      location: `${c.req.path}/${record.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    };
    return c.json(mapping.toView(record), replayed ? 200 : 201, headers);
  });

  app.get('/cases', (c) => {
    const query = toListQuery(parseWith(listQuerySchema, c.req.query(), 'query'));
    return c.json(toPage(service.listCases({}, query.limit, query.after)));
  });

  app.post('/cases/search', async (c) => {
    const { filter, limit, after } = mapping.searchToQuery(
      parseWith(mapping.searchSchema, await readJson(c)),
    );
    return c.json(toPage(service.listCases(filter, limit, after)));
  });

  app.get('/cases/:id', (c) => c.json(mapping.toView(service.getCase(c.req.param('id')))));

  return app;
}
