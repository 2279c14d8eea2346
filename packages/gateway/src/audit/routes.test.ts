import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { createApp } from '../http/index.ts';
import type { Store } from '../storage/index.ts';
import type { AuditLog } from './audit-log.ts';
import { extractNames } from './extract-format.ts';
import { auditRoutes, defaultExtractRateLimit } from './routes.ts';
import {
  openSqlite,
  openTestLog,
  people,
  sampleRecord,
  tempDir,
  testKeys,
  testPurposes,
} from './test-fixtures.ts';

const token = 'official-token-0123456789abcdef0123456789';
const otherToken = 'another-official-token-0123456789abcdef';
/** Why the official asks: a case number, as an official would write it. */
const reason = 'begäran om registerutdrag 2026-123';
const officials = [
  { id: 'handlaggare-1', name: 'Karin', token: otherToken },
  { id: 'registrator', name: 'Registrator', token },
];
const names = extractNames(
  {
    eServices: [
      {
        id: 'bygglov-ansokan',
        name: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
      } as never,
    ],
    businessSystems: [{ id: 'arendehantering', name: 'Ärendehantering' } as never],
  },
  testPurposes,
);

let dir: ReturnType<typeof tempDir>;
let store: Store;
let log: AuditLog;
const logs = captureLogs('debug');
const keys = testKeys();

beforeAll(async () => {
  dir = tempDir();
  store = await openSqlite(join(dir.path, 'audit.db'));
  log = await openTestLog(store, keys, join(dir.path, 'cp'));
  await log.append(sampleRecord(0, people.anna));
  await log.append(sampleRecord(1, people.bo));
  await log.append({ ...sampleRecord(3, people.anna), outcome: { status: 'failure', problem: 'forbidden' } });
});

afterAll(async () => {
  await log.close();
  await store.close();
  dir.remove();
});

function app() {
  const gateway = createApp({ logger: logs.logger });
  gateway.route('/', auditRoutes({ audit: log, officials, names }));
  return gateway;
}

function extract(body: unknown, headers: Record<string, string> = {}) {
  return app().request('/audit/extract', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /audit/extract', () => {
  it('refuses a request without a token, or with a wrong one, with 401 and a Bearer challenge', async () => {
    const missing = await extract({ personnummer: people.anna, reason }, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="brygga-audit"');
    expect(await missing.json()).toMatchObject({ code: 'unauthenticated' });
    const wrong = await extract(
      { personnummer: people.anna, reason },
      { authorization: `Bearer ${token.slice(0, -1)}x` },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it("answers with the person's records as JSON, and records the extract itself", async () => {
    const response = await extract({ personnummer: '198507099805', reason });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { records: Array<Record<string, unknown>>; count: number };
    expect(body.count).toBe(2);
    expect(body.records.map((record) => record.seq)).toEqual([1, 3]);
    expect(body.records[0]).toMatchObject({
      status: 'live',
      eService: 'bygglov-ansokan',
      eServiceName: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
      businessSystemName: 'Ärendehantering',
      purposeText: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
      legalBasis: '6(1)(e)',
    });
    expect(JSON.stringify(body)).not.toMatch(/198507099805|850709/);
    // The extract is in the log now: an official's processing of the same person.
    await log.flush();
    const again = (await (await extract({ personnummer: people.anna, reason })).json()) as {
      records: Array<Record<string, unknown>>;
    };
    const recorded = again.records.at(-1);
    expect(recorded).toMatchObject({
      actor: 'official',
      operation: 'audit.extract',
      purpose: 'brygga-registerutdrag',
      legalBasis: '6(1)(c)',
    });
    const [row] = await store.query<{ payload: string }>(
      "SELECT payload FROM brygga_audit_records WHERE payload LIKE '%audit.extract%' ORDER BY seq LIMIT 1",
    );
    expect(JSON.parse(row?.payload ?? '{}')).toMatchObject({
      actor: { kind: 'official', id: 'registrator' },
    });
  });

  it('answers CSV when asked, with a header row in the reader language', async () => {
    const swedish = await extract(
      { personnummer: people.anna, reason, to: '2099-12-31' },
      { accept: 'text/csv' },
    );
    expect(swedish.status).toBe(200);
    expect(swedish.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(swedish.headers.get('content-disposition')).toBe('attachment; filename="registerutdrag.csv"');
    const lines = (await swedish.text()).split('\r\n');
    expect(lines[0]).toMatch(/^löpnummer,datum,tid \(UTC\),status,utförd av,e-tjänst,ändamål,/);
    expect(lines[1]).toMatch(
      /^1,\d{4}-\d{2}-\d{2},\d{2}:\d{2}:\d{2},finns,du själv,Ansök om bygglov,Handlägga bygglov\.,GDPR art\. 6\(1\)\(e\),/,
    );
    expect(lines[2]).toContain(',misslyckades,forbidden');
    const english = await extract(
      { personnummer: people.anna, reason },
      { accept: 'text/csv, application/json;q=0.5', 'accept-language': 'en' },
    );
    expect((await english.text()).split('\r\n')[0]).toMatch(/^sequence,date,time \(UTC\),status,done by,/);
  });

  it('refuses an invalid personnummer or range as validation_failed, never repeating the number', async () => {
    for (const body of [
      { personnummer: '19850709-9806', reason },
      { personnummer: people.anna, reason, from: '2026-02-01', to: '2026-01-01' },
      { personnummer: people.anna, reason, extra: true },
      {},
    ]) {
      const response = await extract(body);
      expect(response.status).toBe(422);
      const text = await response.text();
      expect(text).toContain('validation_failed');
      expect(text).not.toMatch(/9806|850709|198507/);
    }
    const malformed = await extract('{"personnummer": "19850709-9805"');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toContain('9805');
  });

  it('fails closed with 503 and hands nothing out when the extract cannot be recorded', async () => {
    await store.executeScript('ALTER TABLE brygga_audit_head RENAME TO brygga_audit_head_away');
    try {
      const response = await extract({ personnummer: people.anna, reason });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).toContain('service_unavailable');
      expect(text).not.toContain('bygglov');
    } finally {
      await store.executeScript('ALTER TABLE brygga_audit_head_away RENAME TO brygga_audit_head');
    }
  });

  it('stores the reason and the range asked for in the record of the extract', async () => {
    const response = await extract({
      personnummer: people.bo,
      reason: '  BN 2026-123, begäran om registerutdrag  ',
      from: '2020-01-01',
      to: '2099-12-31',
    });
    expect(response.status).toBe(200);
    await log.flush();
    const open = await extract({ personnummer: people.bo, reason: 'BN 2026-124' });
    expect(open.status).toBe(200);
    await log.flush();
    const rows = await store.query<{ payload: string }>(
      "SELECT payload FROM brygga_audit_records WHERE payload LIKE '%BN 2026-12%' ORDER BY seq",
    );
    expect(rows.map((row) => JSON.parse(row.payload).details)).toEqual([
      { records: 1, reason: 'BN 2026-123, begäran om registerutdrag', from: '2020-01-01', to: '2099-12-31' },
      // No range asked for: none stored (details hold no empty values).
      { records: 2, reason: 'BN 2026-124' },
    ]);
  });

  it('refuses an extract without a plain-text reason of 1 to 256 characters', async () => {
    for (const [body, code] of [
      [{ personnummer: people.anna }, 'invalid_type'],
      [{ personnummer: people.anna, reason: '' }, 'too_small'],
      [{ personnummer: people.anna, reason: '   ' }, 'too_small'],
      [{ personnummer: people.anna, reason: 'x'.repeat(257) }, 'too_big'],
      [{ personnummer: people.anna, reason: 'ärende\n2026-123' }, 'custom'],
      [{ personnummer: people.anna, reason: 42 }, 'invalid_type'],
    ] as const) {
      const response = await extract(body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(await response.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/reason', code }],
      });
    }
    expect((await extract({ personnummer: people.anna, reason: 'x'.repeat(256) })).status).toBe(200);
  });

  it('refuses a reason holding a personnummer with 422, naming the field and never the number', async () => {
    for (const written of ['19850709-9805', '850709-9805', '8507099805', 'ärende för 198507099806']) {
      const response = await extract({ personnummer: people.anna, reason: written });
      expect(response.status).toBe(422);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/reason', code: 'custom' }],
      });
      expect(text).not.toMatch(/9805|9806|850709/);
    }
  });

  it('limits extracts per official with 429 rate_limited, leaving other officials alone', async () => {
    const limited = createApp({ logger: logs.logger });
    limited.route(
      '/',
      auditRoutes({ audit: log, officials, names, rateLimit: { burst: 2, perMinute: 1 }, now: () => 0 }),
    );
    const send = (bearer: string) =>
      limited.request('/audit/extract', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ personnummer: people.bo, reason }),
      });
    expect((await send(token)).status).toBe(200);
    expect((await send(token)).status).toBe(200);
    const refused = await send(token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    // Another official has a bucket of their own; a request with no valid token is answered 401, uncounted.
    expect((await send(otherToken)).status).toBe(200);
    expect((await send('not-an-official-token')).status).toBe(401);
  });

  it('allows 30 extracts a minute per official by default', async () => {
    expect(defaultExtractRateLimit).toEqual({ burst: 30, perMinute: 30 });
    const limited = createApp({ logger: logs.logger });
    limited.route('/', auditRoutes({ audit: log, officials, names, now: () => 0 }));
    const statuses: number[] = [];
    for (let request = 0; request < 31; request++) {
      // An invalid body is still counted: the limit comes before anything is read.
      const response = await limited.request('/audit/extract', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array<number>(30).fill(422), 429]);
  });

  it('never lets the personnummer reach an application log line', () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const form of [
      '198507099805',
      '8507099805',
      '850709-9805',
      '19850709-9805',
      '19850709-9806',
      '198507099806',
      '850709',
    ]) {
      expect(text).not.toContain(form);
    }
  });
});
