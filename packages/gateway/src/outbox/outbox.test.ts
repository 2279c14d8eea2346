// The outbox in a started gateway (SQLite, real sockets): acceptance with 202 and the audit record in one
// transaction, background delivery through the adapter with retries, receipts read back at the pinned version,
// the dead letter and `brygga outbox retry`. The business system is the in-memory one, made to fail on cue and to
// apply an idempotency key once, as a real one does.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Adapter, OperationError } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { type BryggaConfig, checkConfigText, formatIssues } from '../config/index.ts';
import { fixtureEnv } from '../config/test-fixtures.ts';
import { basicCredentialsCaller } from '../contracts/basic-caller.ts';
import { basicAuthorization, contractsConfigText } from '../contracts/fixtures.test-support.ts';
import { memoryCaseSystem } from '../contracts/memory-adapter.test-support.ts';
import { createLogger } from '../log/index.ts';
import { type RunningGateway, startGateway } from '../runtime/gateway.ts';
import { outboxSealer } from './seal.ts';
import { OutboxWorker } from './worker.ts';

const secrets = {
  OLD_SECRET: 'old-service-secret-0123456789abcdef0123',
  NEW_SECRET: 'new-service-secret-0123456789abcdef0123',
};
const env = { ...fixtureEnv, ...secrets };
const citizen = '198112189876';

function configText(database: string): string {
  return contractsConfigText({
    eServices: [
      { id: 'old-service', version: '2026-01-15', secretEnv: 'OLD_SECRET', delivery: 'direct' },
      { id: 'new-service', version: '2026-12-01', secretEnv: 'NEW_SECRET', delivery: 'outbox' },
    ],
    storage: `storage: { driver: sqlite, sqlite: { path: ${database} } }`,
    extra: 'outbox: { pollMs: 20, maxAttempts: 3, backoff: { initialMs: 1, maxMs: 5 } }',
  });
}

type Behaviour = 'transient' | 'refuse';

/** The memory business system, with a queue of failures to play before it answers, applying each key once. */
function scriptedSystem() {
  const system = memoryCaseSystem();
  const script: Behaviour[] = [];
  const byKey = new Map<string, unknown>();
  let rawCalls = 0;
  const adapter: Adapter = {
    ...system.adapter,
    handlers: {
      ...system.adapter.handlers,
      async createCase(request, context) {
        rawCalls += 1;
        const next = script.shift();
        if (next === 'transient') throw new Error('connect ECONNREFUSED');
        if (next === 'refuse') throw new OperationError('duplicate_submission');
        const key = context.idempotencyKey;
        if (key !== undefined && byKey.has(key)) return byKey.get(key) as { body: unknown };
        const created = await system.adapter.handlers.createCase?.(request, context);
        if (key !== undefined) byKey.set(key, created);
        return created as { body: unknown };
      },
    },
  };
  return { system, adapter, script, byKey, rawCalls: () => rawCalls };
}

let dir: string;
let configPath: string;
let gateway: RunningGateway;
let config: BryggaConfig;
const business = scriptedSystem();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-outbox-'));
  configPath = join(dir, 'brygga.config.yaml');
  const text = configText(join(dir, 'brygga.db'));
  writeFileSync(configPath, text);
  const result = checkConfigText(text, { filePath: configPath, env });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  config = result.config;
  gateway = await startGateway(config, {
    logger: createLogger({ level: 'silent' }),
    port: 0,
    probe: async () => true,
    contracts: {
      adapters: (system) =>
        system === 'arende' ? { adapter: business.adapter, timeoutMs: 5_000 } : undefined,
      resolveCaller: basicCredentialsCaller(config.eServices),
      resolveCitizen: () => ({ personalIdentityNumber: citizen }),
      now: () => Date.parse('2026-11-25T12:00:00Z'),
    },
  });
});

afterAll(async () => {
  await gateway?.close('test over');
  rmSync(dir, { recursive: true, force: true });
});

const oldBody = {
  subject: 'Tillbyggnad av enbostadshus',
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
};
const headBody = {
  applicationType: 'bygglov',
  title: 'Tillbyggnad av enbostadshus',
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
};

const auth = (eService: 'old-service' | 'new-service') =>
  basicAuthorization(eService, eService === 'old-service' ? secrets.OLD_SECRET : secrets.NEW_SECRET);

function submit(
  eService: 'old-service' | 'new-service',
  headers: Record<string, string> = {},
  body: unknown = eService === 'old-service' ? oldBody : headBody,
) {
  return fetch(`${gateway.url}/api/case-management/cases`, {
    method: 'POST',
    headers: {
      authorization: auth(eService),
      'content-type': 'application/json',
      ...(eService === 'old-service' ? { prefer: 'respond-async' } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

function receipt(receiptId: string, eService: 'old-service' | 'new-service' = 'old-service') {
  return fetch(`${gateway.url}/receipts/${receiptId}`, { headers: { authorization: auth(eService) } });
}

/** Polls the status URL, as an e-service does, until the receipt leaves the open states (bounded). */
async function settled(receiptId: string, eService: 'old-service' | 'new-service' = 'old-service') {
  for (let i = 0; i < 500; i += 1) {
    const body = await (await receipt(receiptId, eService)).json();
    if (!['accepted', 'delivering'].includes(body.status)) return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`receipt ${receiptId} did not settle`);
}

async function rowCount(): Promise<number> {
  const [row] = await gateway.store.query<{ n: number }>('SELECT COUNT(*) AS n FROM brygga_outbox');
  return Number(row?.n);
}

async function auditStages(receiptId: string): Promise<string[]> {
  const rows = await gateway.store.query<{ payload: string }>(
    'SELECT payload FROM brygga_audit_records ORDER BY seq',
  );
  return rows
    .map((row) => JSON.parse(row.payload))
    .filter((payload) => payload.details?.receiptId === receiptId)
    .map((payload) => `${payload.details.outbox}:${payload.outcome.status}`);
}

describe('accepting and delivering', () => {
  it('answers 202 with the receipt and delivers it, the result at the pinned version', async () => {
    const res = await submit('old-service');
    expect(res.status).toBe(202);
    const accepted = await res.json();
    expect(accepted).toEqual({
      receiptId: expect.stringMatching(/^rcpt_[A-Za-z0-9_-]{22,}$/),
      status: 'accepted',
      statusUrl: `${config.server.publicUrl}/receipts/${accepted.receiptId}`,
      acceptedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(res.headers.get('location')).toBe(accepted.statusUrl);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    expect(res.headers.get('retry-after')).toBe('1');

    const done = await settled(accepted.receiptId);
    expect(done).toMatchObject({
      receiptId: accepted.receiptId,
      status: 'delivered',
      contract: 'case-management',
      version: '2026-01-15',
      operation: 'createCase',
      attempts: 1,
      deliveredAt: expect.any(String),
    });
    // Translated down to 2026-01-15, as a synchronous call would have been: old names, no unknown fields.
    expect(done.result.status).toBe(201);
    expect(done.result.body).toMatchObject({ subject: oldBody.subject, status: 'under_review' });
    expect(done.result.body).not.toHaveProperty('caseOfficer');
    expect(done.result.body).not.toHaveProperty('title');
    // The business system got the head request for the citizen, with the receipt id as its idempotency key.
    const context = business.system.contexts.at(-1);
    expect(context?.idempotencyKey).toBe(accepted.receiptId);
    expect(context?.citizen?.personalIdentityNumber).toBe(citizen);
    expect(business.system.requests.at(-1)?.body).toMatchObject({ title: oldBody.subject });

    expect(await auditStages(accepted.receiptId)).toEqual(['accepted:success', 'delivered:success']);
    // Data minimisation: once delivered, the request and the personnummer are gone from the outbox.
    const [row] = await gateway.store.query(
      'SELECT request, citizen FROM brygga_outbox WHERE receipt_id = $1',
      [accepted.receiptId],
    );
    expect(row).toEqual({ request: null, citizen: null });
  });

  it('queues writes of an e-service configured with delivery: outbox without Prefer, and never reads', async () => {
    const res = await submit('new-service');
    expect(res.status).toBe(202);
    const { receiptId } = await res.json();
    expect((await settled(receiptId, 'new-service')).status).toBe('delivered');

    const read = await fetch(`${gateway.url}/api/case-management/cases?limit=5`, {
      headers: { authorization: auth('new-service'), prefer: 'respond-async' },
    });
    expect(read.status).toBe(200);
  });

  it('leaves a call without Prefer synchronous for an e-service on direct delivery', async () => {
    const res = await submit('old-service', { prefer: 'return=minimal' });
    expect(res.status).toBe(201);
  });

  it('refuses a request that would be refused synchronously, and queues nothing', async () => {
    const before = await rowCount();
    const invalid = await submit('old-service', {}, { subject: '' });
    expect(invalid.status).toBe(422);
    const malformed = await fetch(`${gateway.url}/api/case-management/cases`, {
      method: 'POST',
      headers: {
        authorization: auth('old-service'),
        prefer: 'respond-async',
        'content-type': 'application/json',
      },
      body: '{',
    });
    expect(malformed.status).toBe(400);
    expect(await rowCount()).toBe(before);
  });

  it('retries transient failures with backoff and then delivers', async () => {
    business.script.push('transient', 'transient');
    const { receiptId } = await (await submit('old-service')).json();
    const done = await settled(receiptId);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('fails for good on a declared operation error, with its code and title in the request’s language', async () => {
    business.script.push('refuse');
    const res = await submit('old-service', { 'accept-language': 'en' });
    const { receiptId } = await res.json();
    const done = await settled(receiptId);
    expect(done).toMatchObject({
      status: 'failed',
      attempts: 1,
      problem: { code: 'duplicate_submission', title: 'The application has already been submitted.' },
    });
    expect(done).not.toHaveProperty('result');
    expect(await auditStages(receiptId)).toEqual(['accepted:success', 'delivered:failure']);
  });

  it('dead-letters after the attempt budget; `outbox list` shows it and `outbox retry` delivers it', async () => {
    business.script.push('transient', 'transient', 'transient');
    const { receiptId } = await (await submit('old-service')).json();
    const dead = await settled(receiptId);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, problem: { code: 'bad_gateway' } });
    expect(await auditStages(receiptId)).toEqual(['accepted:success']);

    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env, cwd: dir };
    expect(await main(['outbox', 'list', '--state', 'dead', '--json', '--config', configPath], io)).toBe(0);
    const listed = JSON.parse(out.join(''));
    expect(listed).toEqual([
      expect.objectContaining({ receiptId, state: 'dead', attempts: 3, lastError: 'bad_gateway' }),
    ]);
    expect(out.join('')).not.toContain(citizen);
    out.length = 0;
    expect(await main(['outbox', 'list', '--config', configPath], io)).toBe(0);
    expect(out.join('')).toMatch(
      new RegExp(`${receiptId}\\s+old-service\\s+case-management/createCase\\s+dead`),
    );

    out.length = 0;
    expect(await main(['outbox', 'retry', receiptId, '--config', configPath], io)).toBe(0);
    expect(out.join('')).toContain(`${receiptId}: dead → pending`);
    const done = await settled(receiptId);
    expect(done).toMatchObject({ status: 'delivered', attempts: 1 });

    out.length = 0;
    expect(await main(['outbox', 'retry', receiptId, '--config', configPath], io)).toBe(1);
    expect(out.join('')).toContain('not dead');
    expect(await main(['outbox', 'retry', '--config', configPath], io)).toBe(2);
    expect(err.join('')).toContain('--all-dead');
  });
});

describe('data minimisation and retention', () => {
  it('keeps an open row’s personnummer and request sealed at rest; `outbox discard` deletes it, recorded', async () => {
    business.script.push('transient', 'transient', 'transient');
    const res = await submit('old-service');
    const { receiptId } = await res.json();
    expect(await settled(receiptId)).toMatchObject({ status: 'dead' });
    const [row] = await gateway.store.query<{ citizen: string; request: string }>(
      'SELECT citizen, request FROM brygga_outbox WHERE receipt_id = $1',
      [receiptId],
    );
    expect(row?.citizen).toMatch(/^v1\.a1\./);
    expect(row?.request).toMatch(/^v1\.a1\./);
    expect(outboxSealer(config.keys).open(receiptId, 'citizen', row?.citizen ?? '')).toBe(citizen);
    // Bound to its row and field: the same value does not open as another row's.
    expect(outboxSealer(config.keys).open('rcpt_other', 'citizen', row?.citizen ?? '')).toBeUndefined();
    // The raw database files (the WAL too) hold neither the 12- nor the 10-digit form, nor the request's text.
    await gateway.store.execute('PRAGMA wal_checkpoint(PASSIVE)');
    for (const file of ['brygga.db', 'brygga.db-wal']) {
      const path = join(dir, file);
      if (!existsSync(path)) continue;
      const raw = readFileSync(path);
      for (const form of [citizen, citizen.slice(2), '811218-9876', 'Tillbyggnad om 25 kvadratmeter']) {
        expect(raw.includes(form), `${form} in ${file}`).toBe(false);
      }
    }

    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env, cwd: dir };
    expect(await main(['outbox', 'discard', receiptId, '--config', configPath], io)).toBe(0);
    expect(out.join('')).toContain(`${receiptId}: dead → deleted`);
    const gone = await receipt(receiptId);
    expect(gone.status).toBe(404);
    expect((await gone.json()).detail).toContain('deleted after 30 days');
    expect(await auditStages(receiptId)).toEqual(['accepted:success', 'discarded:failure']);
    out.length = 0;
    expect(await main(['outbox', 'discard', receiptId, '--config', configPath], io)).toBe(1);
    expect(out.join('')).toContain('not dead');
    expect(await main(['outbox', 'discard', 'nope', '--config', configPath], io)).toBe(2);
  });

  it('deletes final receipts after keepReceiptsDays; GET then answers 404 with a plain detail', async () => {
    const { receiptId } = await (await submit('old-service')).json();
    expect(await settled(receiptId)).toMatchObject({ status: 'delivered' });
    // A second instance's worker, 31 days on, sweeping the same database.
    const later = new OutboxWorker({
      store: gateway.store,
      audit: gateway.audit,
      contracts: [],
      adapters: () => undefined,
      budget: config.outbox,
      pollMs: 1_000,
      batchSize: 1,
      leaseMs: 1_000,
      logger: createLogger({ level: 'silent' }),
      sealer: outboxSealer(config.keys),
      keepReceiptsDays: config.outbox.keepReceiptsDays,
      retentionBatch: 2,
      now: () => Date.now() + 31 * 86_400_000,
    });
    expect(await later.deleteExpired()).toBeGreaterThan(0);
    const gone = await receipt(receiptId);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({
      detail: expect.stringContaining('Kvittot finns inte'),
    });
    const [left] = await gateway.store.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM brygga_outbox WHERE state IN ('delivered', 'failed')`,
    );
    expect(Number(left?.n)).toBe(0);
  });
});

describe('idempotency and access', () => {
  it('gives the same Idempotency-Key the same receipt and one row, applied once', async () => {
    const before = await rowCount();
    const calls = business.rawCalls();
    const first = await submit('old-service', { 'idempotency-key': 'ansokan-42' });
    const second = await submit('old-service', { 'idempotency-key': 'ansokan-42' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const a = await first.json();
    const b = await second.json();
    // The first receipt as it stands now (the worker may already have taken it).
    expect(b).toEqual({ ...a, status: expect.stringMatching(/^(accepted|delivering|delivered)$/) });
    expect(await rowCount()).toBe(before + 1);
    await settled(a.receiptId);
    expect(business.rawCalls()).toBe(calls + 1);
    const third = await submit('old-service', { 'idempotency-key': 'ansokan-42' });
    expect(await third.json()).toEqual({ ...a, status: 'delivered' });
    expect(business.system.contexts.at(-1)?.idempotencyKey).toBe('ansokan-42');
    // Another e-service's same key is its own.
    const other = await submit('new-service', { 'idempotency-key': 'ansokan-42' });
    expect((await other.json()).receiptId).not.toBe(a.receiptId);
  });

  it('refuses a repeated Idempotency-Key with another request (409), writing nothing', async () => {
    const first = await submit('old-service', { 'idempotency-key': 'ansokan-43' });
    expect(first.status).toBe(202);
    const before = await rowCount();
    const changed = await submit(
      'old-service',
      { 'idempotency-key': 'ansokan-43' },
      {
        ...oldBody,
        description: 'Tillbyggnad om 40 kvadratmeter.',
      },
    );
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toContain('application/problem+json');
    expect(changed.headers.get('brygga-should-retry')).toBe('false');
    const problem = await changed.json();
    expect(problem).toMatchObject({ code: 'conflict', detail: expect.stringContaining('Idempotency-Key') });
    expect(JSON.stringify(problem)).not.toContain('kvadratmeter');
    expect(JSON.stringify(problem)).not.toContain(citizen.slice(2));
    expect(await rowCount()).toBe(before);
    // The same request again is the first receipt, as before.
    const again = await submit('old-service', { 'idempotency-key': 'ansokan-43' });
    expect(again.status).toBe(202);
    expect((await again.json()).receiptId).toBe((await first.json()).receiptId);
  });

  it('shows a receipt only to the e-service that submitted it', async () => {
    const { receiptId } = await (await submit('old-service')).json();
    const other = await receipt(receiptId, 'new-service');
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain(receiptId);
    expect((await receipt('rcpt_AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await fetch(`${gateway.url}/receipts/${receiptId}`)).status).toBe(401);
    await settled(receiptId);
  });

  it('answers 503 and keeps no row when the audit record cannot be written', async () => {
    const before = await rowCount();
    await gateway.store.execute('ALTER TABLE brygga_audit_records RENAME TO brygga_audit_records_away');
    try {
      const res = await submit('old-service');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await gateway.store.execute('ALTER TABLE brygga_audit_records_away RENAME TO brygga_audit_records');
    }
    expect(await rowCount()).toBe(before);
  });

  it('exports the outbox depth and attempts as metrics', async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toMatch(/brygga_outbox_depth\{state="dead"\} \d+/);
    expect(text).toMatch(/brygga_outbox_attempts_total\{outcome="delivered"\} [1-9]/);
    expect(text).toMatch(/brygga_outbox_attempts_total\{outcome="pending"\} [1-9]/);
    // Each delivery attempt is a contract call too, counted with its outcome.
    expect(text).toMatch(
      /brygga_contract_calls_total\{[^}]*operation="createCase"[^}]*outcome="ok"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(
      /brygga_contract_calls_total\{[^}]*operation="createCase"[^}]*outcome="bad_gateway"[^}]*\} [1-9]/,
    );
  });
});
