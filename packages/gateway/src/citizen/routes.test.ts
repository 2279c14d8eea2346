import { randomBytes } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { toExtractEntries } from '../audit/extract.ts';
import type { AppendReceipt, AuditRecordInput, ExtractRange } from '../audit/index.ts';
import type { StoredRecord } from '../audit/sql.ts';
import { createApp } from '../http/index.ts';
import { SealedBox } from '../identity/sessions/sealed-box.ts';
import { type CitizenClient, citizenPaths } from './client.ts';
import { type CitizenRoutesOptions, citizenRoutes } from './routes.ts';

/*
 * The page's routes with a logged-in citizen and a stand-in audit log: the period in Swedish days, the download in
 * Swedish time, what a download does when it cannot be recorded or its period is wrong, and the rate limit.
 * 191212121212 is the published test personnummer (Tolvan Tolvansson).
 */

const tolvan = '191212121212';
const logs = captureLogs('debug');
const client: CitizenClient = {
  eService: {} as never,
  clientSecret: 'secret',
  cookieKey: randomBytes(32),
  cookieKeyId: 'citizen-test',
};
const box = new SealedBox(client.cookieKeyId, client.cookieKey);
const sessions = new Map([
  ['session-a', tolvan],
  ['session-b', tolvan],
]);

function stored(seq: number, time: string): StoredRecord {
  const payload = {
    time,
    actor: { kind: 'citizen' },
    eService: 'bygglov',
    businessSystem: null,
    contract: null,
    contractVersion: null,
    operation: 'getCase',
    purpose: { id: 'handlagga', legalBasis: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
    dataCategories: [],
    outcome: { status: 'success', problem: null },
  };
  return {
    seq,
    time,
    subject_tag: 1,
    subject_ref: 'ref',
    subject_key_id: 'k',
    payload: JSON.stringify(payload),
    leaf_hash: '',
    chain_hash: '',
    pruned_at: null,
    purpose_id: 'handlagga',
  };
}

// 23:30 UTC on 28 February is 00:30 on 1 March in Sweden.
const records = [stored(1, '2026-01-10T10:00:00.000Z'), stored(2, '2026-02-28T23:30:00.000Z')];
let appendFails = false;
let appended: string[] = [];
let ranges: ExtractRange[] = [];

beforeEach(() => {
  appendFails = false;
  appended = [];
  ranges = [];
});

function app(extra: Partial<CitizenRoutesOptions> = {}) {
  const gateway = createApp({ logger: logs.logger });
  gateway.route(
    '/',
    citizenRoutes({
      identity: {
        issuer: 'http://127.0.0.1:9/oidc',
        accessTokens: {} as never,
        citizens: async (ref: string) => sessions.get(ref),
      } as never,
      audit: {
        extract: async (_personnummer: string, range: ExtractRange = {}) => {
          ranges.push(range);
          return toExtractEntries(records, range);
        },
        append: async (input: AuditRecordInput): Promise<AppendReceipt> => {
          if (appendFails) throw new BryggaError('service_unavailable');
          appended.push(input.operation);
          return { seq: 0, leafHash: '', time: '' };
        },
      },
      names: { eService: () => undefined, businessSystem: () => undefined, purpose: () => undefined },
      client,
      publicUrl: 'http://127.0.0.1:9',
      environment: 'test',
      now: () => Date.parse('2026-03-02T12:00:00.000Z'),
      ...extra,
    }),
  );
  return gateway;
}

const asCitizen = (session = 'session-a') => ({
  headers: { cookie: `brygga-mina-uppgifter=${box.seal(session, 'mina-uppgifter:session')}` },
});

describe('the period', () => {
  it('is Swedish days on the page: 23:30 UTC on 28 February is shown from 1 March', async () => {
    const page = await app().request(`${citizenPaths.page}?lang=en&from=2026-03-01`, asCitizen());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<time datetime="2026-02-28T23:30:00.000Z">1 Mar 2026, 00:30</time>');
    expect(html).not.toContain('2026-01-10T10:00:00.000Z');
    expect(ranges).toEqual([{ from: '2026-03-01', to: undefined, timeZone: 'Europe/Stockholm' }]);
  });

  it('is Swedish days in the downloads too', async () => {
    const json = await app().request(`${citizenPaths.json}?to=2026-02-28`, asCitizen());
    expect(await json.json()).toMatchObject({ records: [{ seq: 1 }], count: 1, to: '2026-02-28' });
  });
});

describe('the CSV download', () => {
  it('starts with a byte order mark and gives Swedish time with its offset', async () => {
    const response = await app().request(`${citizenPaths.csv}?lang=sv&from=2026-03-01`, asCitizen());
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row, end] = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\r\n');
    expect(header).toMatch(/^\uFEFFlöpnummer,datum,tid \(svensk tid\),status,/);
    expect(row).toMatch(/^2,2026-03-01,2026-03-01T00:30:00\+01:00,finns,du själv,/);
    expect(end).toBe('');
    expect(appended).toEqual(['audit.download-own-records']);
  });
});

describe('a download', () => {
  it('that cannot be recorded answers the same HTML page as the records page, not a problem document', async () => {
    appendFails = true;
    for (const path of [citizenPaths.csv, citizenPaths.json, citizenPaths.page]) {
      const response = await app().request(`${path}?lang=sv`, asCitizen());
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('content-disposition')).toBeNull();
      expect(await response.text()).toContain('<h1>Sidan kan inte visas just nu</h1>');
    }
  });

  it('with a period that cannot be used goes back to the page and its notice, instead of downloading everything', async () => {
    const gateway = app();
    for (const path of [citizenPaths.csv, citizenPaths.json]) {
      const response = await gateway.request(`${path}?lang=en&from=2026-03-05&to=2026-03-01`, asCitizen());
      expect(response.status).toBe(303);
      expect(response.headers.get('content-disposition')).toBeNull();
      const location = response.headers.get('location') ?? '';
      // What was typed is not carried into the address (it could be a personnummer).
      expect(location).toBe(`${citizenPaths.page}?lang=en&period=rejected`);
      const page = await gateway.request(location, asCitizen());
      expect(await page.text()).toContain('The period could not be used.');
    }
    expect(appended).toEqual(['audit.view-own-records', 'audit.view-own-records']);
  });
});

describe('the rate limit', () => {
  it('answers 429 as a page once a session has used its requests, and counts each session apart', async () => {
    const gateway = app({ rateLimit: { burst: 3, perMinute: 1 } });
    for (const path of [citizenPaths.page, citizenPaths.csv, citizenPaths.json]) {
      expect((await gateway.request(`${path}?lang=sv`, asCitizen())).status).toBe(200);
    }
    const limited = await gateway.request(`${citizenPaths.csv}?lang=en`, asCitizen());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^text\/html/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-disposition')).toBeNull();
    expect(await limited.text()).toContain('<h1>Too many requests</h1>');
    expect(appended).toHaveLength(3);
    // Another login has its own bucket; without a login there is nothing to count by (the login has its own limit).
    expect((await gateway.request(citizenPaths.page, asCitizen('session-b'))).status).toBe(200);
    expect((await gateway.request(citizenPaths.page)).status).toBe(200);
  });

  it('is 60 a minute by default', async () => {
    const gateway = app();
    for (let index = 0; index < 60; index += 1) {
      expect((await gateway.request(citizenPaths.page, asCitizen())).status).toBe(200);
    }
    expect((await gateway.request(citizenPaths.page, asCitizen())).status).toBe(429);
  });
});
