import { randomBytes } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purposeRegistry } from '../audit/purposes.ts';
import { type AuditRecordInput, prepareRecord } from '../audit/record.ts';
import { createLogger } from '../log/index.ts';
import { gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { loginAudit, loginRecord, logoutRecord, rejectedLoginRecord } from './audit-events.ts';
import { SealedBox } from './sessions/sealed-box.ts';
import { type SessionEnd, SessionStore } from './sessions/session-store.ts';
import type { UpstreamIdentity } from './upstream/complete-login.ts';

const tolvan = '191212121212';
const sami = '197010632391'; // a samordningsnummer

/** Prepared exactly as the audit log would, so a record these functions build that it would refuse fails here. */
function prepared(input: AuditRecordInput) {
  const context = {
    subjectKey: { keyId: 'k1', secret: randomBytes(32).toString('base64url') },
    purposes: purposeRegistry({ purposes: [] }),
    now: () => new Date('2026-11-27T10:00:00Z'),
  };
  return prepareRecord(input, context).fields;
}

function memoryLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }) };
}

describe('login and logout records', () => {
  it('records a login by the citizen, for the e-service, under the built-in login purpose', () => {
    const fields = prepared(
      loginRecord({
        number: tolvan,
        eService: 'bygglov',
        providerId: 'bankid',
        outcome: { status: 'success' },
        requestId: 'req-1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      }),
    );
    expect(fields).toMatchObject({
      actor: { kind: 'citizen', id: null },
      eService: 'bygglov',
      operation: 'login',
      purpose: { id: 'brygga-inloggning', legalBasis: '6(1)(e)' },
      dataCategories: ['personnummer'],
      outcome: { status: 'success', problem: null },
      requestId: 'req-1',
      details: { identityProvider: 'bankid' },
    });
    expect(fields.subject?.keyId).toBe('k1');
    expect(JSON.stringify(fields)).not.toContain(tolvan.slice(2));
  });

  it('records a failed login with its reason, and a login for no known e-service', () => {
    const fields = prepared(
      loginRecord({
        number: sami,
        eService: undefined,
        providerId: 'freja',
        outcome: { status: 'failure', problem: 'interaction_expired' },
        requestId: undefined,
        traceId: undefined,
      }),
    );
    expect(fields).toMatchObject({
      eService: null,
      outcome: { status: 'failure', problem: 'interaction_expired' },
      requestId: null,
      traceId: null,
    });
  });

  it('records a refused login by the gateway, about no one, with the reason and the provider', () => {
    const fields = prepared(
      rejectedLoginRecord({
        reason: 'identity_number_invalid',
        eService: 'bygglov',
        providerId: 'bankid',
        requestId: 'req-2',
        traceId: undefined,
      }),
    );
    expect(fields).toMatchObject({
      actor: { kind: 'system', id: 'brygga-identity' },
      subject: null,
      eService: 'bygglov',
      operation: 'login',
      purpose: { id: 'brygga-inloggning' },
      outcome: { status: 'failure', problem: 'identity_number_invalid' },
      requestId: 'req-2',
      details: { identityProvider: 'bankid' },
    });
    const unknown = prepared(
      rejectedLoginRecord({
        reason: 'no_transaction',
        eService: undefined,
        providerId: undefined,
        requestId: undefined,
        traceId: undefined,
      }),
    );
    expect(unknown).toMatchObject({ eService: null, details: null, subject: null });
  });

  it.each<[SessionEnd['reason'], 'citizen' | 'system']>([
    ['logout', 'citizen'],
    ['replaced', 'citizen'],
    ['account_changed', 'citizen'],
    ['backchannel', 'system'],
    ['idle', 'system'],
    ['expired', 'system'],
  ])('records a login ended by %s, done by the %s', (reason, actor) => {
    const fields = prepared(
      logoutRecord({ number: tolvan, reason, providerId: 'bankid', eService: undefined }),
    );
    expect(fields).toMatchObject({
      actor: { kind: actor },
      operation: 'logout',
      purpose: { id: 'brygga-inloggning' },
      outcome: { status: 'success' },
      details: { reason, identityProvider: 'bankid' },
    });
  });
});

describe('loginAudit', () => {
  it('passes a failed append on, so the login can fail closed', async () => {
    const { logger } = memoryLogger();
    const audit = loginAudit(
      { append: () => Promise.reject(new BryggaError('service_unavailable')) },
      logger,
    );
    await expect(
      audit.login({
        number: tolvan,
        eService: 'bygglov',
        providerId: 'bankid',
        outcome: { status: 'success' },
        requestId: undefined,
        traceId: undefined,
      }),
    ).rejects.toMatchObject({ code: 'service_unavailable' });
  });

  it('never fails on a refused login: an unwritten record is an error line', async () => {
    const { logger, lines } = memoryLogger();
    const audit = loginAudit(
      { append: () => Promise.reject(new BryggaError('service_unavailable')) },
      logger,
    );
    await expect(
      audit.rejected({
        reason: 'state_mismatch',
        eService: undefined,
        providerId: 'bankid',
        requestId: undefined,
        traceId: undefined,
      }),
    ).resolves.toBeUndefined();
    expect(lines.join('')).toContain('audit record of a refused login not written');
  });

  it('never fails a logout: an unwritten record is an error line without the number', async () => {
    const { logger, lines } = memoryLogger();
    const written: AuditRecordInput[] = [];
    let calls = 0;
    const audit = loginAudit(
      {
        append: async (input) => {
          calls += 1;
          if (calls === 1) throw new BryggaError('service_unavailable', { cause: new Error(tolvan) });
          written.push(input);
        },
      },
      logger,
    );
    await audit.sessionsEnded([
      { number: tolvan, reason: 'backchannel', providerId: 'bankid', eService: undefined },
      { number: sami, reason: 'backchannel', providerId: 'bankid', eService: undefined },
    ]);
    expect(written.map((input) => input.subject)).toEqual([{ personnummer: sami }]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 50,
      component: 'identity',
      reason: 'backchannel',
      errorCode: 'service_unavailable',
    });
    expect(lines.join('')).not.toContain(tolvan.slice(2));
  });
});

describe('the session store tells the audit log of every end', () => {
  let store: Store;
  let clock = 1_000_000;
  const told: SessionEnd[] = [];
  const identity: UpstreamIdentity = {
    providerId: 'bankid',
    number: tolvan,
    kind: 'personnummer',
    sub: 'upstream-sub',
    sid: 'upstream-sid',
    acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
    amr: ['mfa'],
    authTime: 1_800_000_000,
    idToken: 'header.payload.signature',
  };
  const sessions = () =>
    new SessionStore({
      store,
      box: new SealedBox('k', new Uint8Array(32).fill(7)),
      policy: { idleMs: 1000, absoluteMs: 5000 },
      now: () => clock,
      onEnded: async (ended) => void told.push(...ended),
    });

  beforeAll(async () => {
    store = await openStore({ driver: 'sqlite', path: ':memory:' });
    await migrate(store, gatewayMigrations);
  });
  afterAll(() => store?.close());

  it('on logout, with the e-service that asked, once', async () => {
    told.length = 0;
    const store1 = sessions();
    const ref = await store1.create(identity, 'c1');
    await store1.bind(ref, 'op-logout');
    await store1.endForOpSession('op-logout', 'logout', 'bygglov');
    await store1.endForOpSession('op-logout', 'logout', 'bygglov'); // already ended: nothing more
    expect(told).toEqual([{ number: tolvan, reason: 'logout', providerId: 'bankid', eService: 'bygglov' }]);
  });

  it('when a new login replaces the one in the same browser, and on a back-channel logout', async () => {
    told.length = 0;
    const store1 = sessions();
    const first = await store1.create(identity, 'c1');
    await store1.bind(first, 'op-replace');
    const second = await store1.create({ ...identity, number: sami, sid: 'sid-2' }, 'c2');
    await store1.bind(second, 'op-replace');
    await store1.endForUpstream('bankid', { sid: 'sid-2', sub: undefined }, 'backchannel');
    expect(told.map(({ number, reason }) => ({ number, reason }))).toEqual([
      { number: tolvan, reason: 'replaced' },
      { number: sami, reason: 'backchannel' },
    ]);
  });

  it('when a timeout is found on a read', async () => {
    told.length = 0;
    const store1 = sessions();
    const ref = await store1.create(identity, 'c1');
    clock += 1001;
    expect(await store1.identityNumber(ref)).toBeUndefined();
    expect(told).toEqual([{ number: tolvan, reason: 'idle', providerId: 'bankid', eService: undefined }]);
  });
});
