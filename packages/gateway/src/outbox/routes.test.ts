// GET /receipts/{id} behind the gateway's own app (problem documents, request ids), on SQLite, with the caller
// resolutions the running gateway uses: HTTP Basic, and access tokens limited to the contracts they cover.
import { join } from 'node:path';
import { BryggaError } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, tempDir } from '../audit/test-fixtures.ts';
import { checkConfigText, formatIssues } from '../config/index.ts';
import { fixtureEnv } from '../config/test-fixtures.ts';
import { createApp } from '../http/app.ts';
import type { Identity } from '../identity/index.ts';
import { createLogger } from '../log/index.ts';
import { receiptCaller } from '../runtime/outbox-wiring.ts';
import type { Store } from '../storage/index.ts';
import { outboxRow } from './fixtures.test-support.ts';
import { type ResolveReceiptCaller, receiptRoutes } from './routes.ts';
import { outboxSealer } from './seal.ts';
import { insertOrFind } from './sql.ts';

const dir = tempDir('brygga-outbox-routes-');
let store: Store;
const receiptId = `rcpt_${'r'.repeat(24)}`;
const now = Date.parse('2026-11-25T12:00:00Z');
const secret = 'bygglov-secret-0123456789abcdef0123456789';

beforeAll(async () => {
  store = await openSqlite(join(dir.path, 'outbox.db'));
  await insertOrFind(store, outboxRow({ receiptId, version: '2026-01-15', citizen: '19121212-1212', now }));
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

function serve(resolved: { resolveCaller: ResolveReceiptCaller; challenge?: string }) {
  const app = createApp({ logger: createLogger({ level: 'silent' }) });
  app.route(
    '/',
    receiptRoutes({
      db: store,
      sealer: outboxSealer({ auditHmac: { keyId: 'a1', key: 'k'.repeat(40), previous: [] } }),
      ...resolved,
      now: () => now,
    }),
  );
  return (authorization?: string, id = receiptId) =>
    app.request(`/receipts/${id}`, { headers: authorization ? { authorization } : {} });
}

describe('GET /receipts/{receiptId}', () => {
  const config = (() => {
    const text = [
      'environment: test',
      'identityProviders:',
      '  - { id: bankid, name: BankID, kind: bankid, issuer: https://bankid.exempel.se, clientId: brygga,',
      '      clientAuthentication: { method: client_secret_basic, clientSecret: { env: BRYGGA_BANKID_CLIENT_KEY } } }',
      'eServices:',
      '  - id: bygglov',
      '    name: { sv: Bygglov, en: Building permit }',
      '    description: { sv: Test. }',
      '    owner: Stadsbyggnadsnämnden',
      '    responsible: { name: Karin Lindqvist, email: karin@exempel.se }',
      '    vendor: { name: Exempel AB, contact: support@exempel.se }',
      '    lifecycle: live',
      '    client: { clientId: bygglov, tokenEndpointAuthMethod: client_secret_basic, clientSecret: { env: SECRET },',
      '      redirectUris: [https://bygglov.exempel.se/callback] }',
      '    identityProviders: [bankid]',
      '    purposes: [handlagga-bygglov]',
      'purposes:',
      '  - id: handlagga-bygglov',
      '    purpose: { sv: Handlägga bygglov., en: Process building permits. }',
      '    legalBasis: { article: 6(1)(e) }',
      '    dataCategories: [personnummer]',
      '    dataSubjectCategories: [sökande]',
      '    retentionClass: tio-ar',
      'retentionClasses: [{ id: tio-ar, duration: P10Y, description: Tio år. }]',
      'keys:',
      '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
      '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
    ].join('\n');
    const result = checkConfigText(text, {
      filePath: join(dir.path, 'brygga.config.yaml'),
      env: { ...fixtureEnv, SECRET: secret },
    });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    return result.config;
  })();

  it('answers the submitting e-service with HTTP Basic, and asks others to log in', async () => {
    const get = serve(receiptCaller(config, undefined, undefined));
    const res = await get(`Basic ${Buffer.from(`bygglov:${secret}`).toString('base64')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ receiptId, status: 'accepted', attempts: 0 });
    expect(JSON.stringify(body)).not.toContain('1212');

    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect((await get(`Basic ${Buffer.from('bygglov:wrong').toString('base64')}`)).status).toBe(401);
  });

  it('gives the same 404 for another e-service’s receipt, a token without the contract, and no such receipt', async () => {
    const tokens: Record<string, { eServiceId: string; scopes: string[] }> = {
      own: { eServiceId: 'bygglov', scopes: ['case-management'] },
      narrow: { eServiceId: 'bygglov', scopes: ['form-submission'] },
      other: { eServiceId: 'annan', scopes: ['case-management'] },
    };
    // The access-token verifier is identity's (tested there); here only what it answers matters.
    const identity = {
      accessTokens: {
        verify: async (token: string) => {
          const found = tokens[token];
          if (!found) throw new BryggaError('unauthenticated');
          return { ...found, clientId: found.eServiceId };
        },
      },
    } as unknown as Identity;
    const get = serve(receiptCaller(config, identity, undefined));
    expect((await get('Bearer own')).status).toBe(200);
    const refusals = [
      await get('Bearer narrow'),
      await get('Bearer other'),
      await get('Bearer own', `rcpt_${'x'.repeat(24)}`),
      await get('Bearer own', 'not-a-receipt'),
    ];
    expect(refusals.map((res) => res.status)).toEqual([404, 404, 404, 404]);
    const bodies = await Promise.all(refusals.map(async (res) => (await res.json()).code));
    expect(bodies).toEqual(['not_found', 'not_found', 'not_found', 'not_found']);
    expect((await get('Bearer forged')).status).toBe(401);
    expect((await get()).status).toBe(401);
  });

  it('shows a receipt of a call for a citizen to that citizen’s tokens and the e-service’s own, no other citizen’s', async () => {
    const sealer = outboxSealer({ auditHmac: { keyId: 'a1', key: 'k'.repeat(40), previous: [] } });
    const forAnna = `rcpt_${'a'.repeat(24)}`;
    await insertOrFind(
      store,
      outboxRow({
        receiptId: forAnna,
        now,
        requestId: 'req-anna',
        citizenRef: sealer.fingerprint('citizen', '198507099805'),
      }),
    );
    // Tokens of two citizens' logins, of a login that has ended, and the e-service's own (client credentials).
    const sessions: Record<string, string | undefined> = { anna: '198507099805', bo: '198507699802' };
    const identity = {
      accessTokens: {
        verify: async (token: string) => ({
          eServiceId: 'bygglov',
          clientId: 'bygglov',
          scopes: ['case-management'],
          ...(token === 'backend' ? {} : { subject: { sessionRef: token } }),
        }),
      },
      citizens: async (sessionRef: string) => sessions[sessionRef],
    } as unknown as Identity;
    const get = serve(receiptCaller(config, identity, undefined));
    const statuses = [];
    for (const token of ['anna', 'backend', 'bo', 'ended'])
      statuses.push((await get(`Bearer ${token}`, forAnna)).status);
    expect(statuses).toEqual([200, 200, 404, 404]);
    // A receipt of a call for no one is not bound to a citizen.
    expect((await get('Bearer bo')).status).toBe(200);
  });
});
