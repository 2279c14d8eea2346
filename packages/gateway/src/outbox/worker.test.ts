// The outbox worker's budget holds when an attempt's result is never written: a delivery that throws goes dead
// instead of being leased and sent again after every lease, and a row leased past its budget (each lease counts an
// attempt: the gateway crashed, or writing the result failed) goes dead without the business system being called.
import type { Adapter } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../audit/index.ts';
import { openSqlite, openTestLog, tempDir, testKeys } from '../audit/test-fixtures.ts';
import { thingsContract } from '../contracts/fixtures.test-support.ts';
import { createLogger } from '../log/index.ts';
import { ensureInstance, type Store } from '../storage/index.ts';
import { outboxAcceptor } from './accept.ts';
import { thingsSubmission } from './fixtures.test-support.ts';
import { outboxSealer } from './seal.ts';
import { OutboxWorker, type OutboxWorkerOptions } from './worker.ts';

const contract = thingsContract();
const sealer = outboxSealer({ auditHmac: { keyId: 'a1', key: 'k'.repeat(40), previous: [] } });
const budget = { maxAttempts: 3, maxAgeSeconds: 600, backoff: { initialMs: 1, maxMs: 5 } };
let calls = 0;
const adapter: Adapter = {
  contract: contract.name,
  contractVersion: contract.head.version,
  handlers: {
    async createThing(request) {
      calls += 1;
      return { status: 201, body: { thingId: `t${calls}`, ...(request.body as object) } };
    },
  },
};

const dir = tempDir('brygga-outbox-worker-');
let store: Store;
let audit: AuditLog;

beforeAll(async () => {
  store = await openSqlite(`${dir.path}/gateway.db`);
  await ensureInstance(store);
  audit = await openTestLog(store, testKeys(), `${dir.path}/checkpoints`);
});

afterAll(async () => {
  await audit.close();
  await store.close();
  dir.remove();
});

function worker(options: Partial<OutboxWorkerOptions> & { now?: () => number } = {}): OutboxWorker {
  return new OutboxWorker({
    store,
    audit,
    sealer,
    contracts: [contract],
    adapters: () => ({ adapter, timeoutMs: 5_000 }),
    budget,
    pollMs: 10,
    batchSize: 10,
    leaseMs: 1_000,
    keepReceiptsDays: 30,
    logger: createLogger({ level: 'silent' }),
    ...options,
  });
}

async function submit(name: string): Promise<string> {
  const accepted = await outboxAcceptor({ audit, publicUrl: 'http://gw', sealer })(
    thingsSubmission(contract, name),
  );
  return ((await accepted.json()) as { receiptId: string }).receiptId;
}

async function row(receiptId: string) {
  const [found] = await store.query<{ state: string; attempts: number; last_error: string | null }>(
    'SELECT state, attempts, last_error FROM brygga_outbox WHERE receipt_id = $1',
    [receiptId],
  );
  return { ...found, attempts: Number(found?.attempts) };
}

describe('the outbox worker when an attempt ends without a written result', () => {
  it('dead-letters a delivery that throws, instead of sending it again after every lease', async () => {
    const receiptId = await submit('throws');
    const broken = worker({
      adapters: () => {
        throw new Error('no adapter table (a fault of the gateway, not of the business system)');
      },
    });
    expect(await broken.pollOnce()).toBe(1);
    expect(await row(receiptId)).toEqual({ state: 'dead', attempts: 1, last_error: 'internal_error' });
    // Dead rows wait for an operator: no later poll takes it again.
    expect(await broken.pollOnce()).toBe(0);
  });

  it('dead-letters a row leased past its budget without calling the business system again', async () => {
    const receiptId = await submit('leased-too-often');
    // Leases that ran out with nothing written, as after crashes mid-delivery: each one counted an attempt.
    await store.execute(
      `UPDATE brygga_outbox SET state = 'delivering', attempts = $1, lease_owner = 'crashed', lease_until = 0
       WHERE receipt_id = $2`,
      [budget.maxAttempts, receiptId],
    );
    const before = calls;
    expect(await worker().pollOnce()).toBe(1);
    expect(calls).toBe(before);
    expect(await row(receiptId)).toEqual({
      state: 'dead',
      attempts: budget.maxAttempts + 1,
      last_error: 'internal_error',
    });
  });

  it('still delivers a row whose last lease within the budget ran out', async () => {
    const receiptId = await submit('last-attempt');
    await store.execute(
      `UPDATE brygga_outbox SET state = 'delivering', attempts = $1, lease_owner = 'crashed', lease_until = 0
       WHERE receipt_id = $2`,
      [budget.maxAttempts - 1, receiptId],
    );
    const before = calls;
    expect(await worker().pollOnce()).toBe(1);
    expect(calls).toBe(before + 1);
    expect(await row(receiptId)).toMatchObject({ state: 'delivered', attempts: budget.maxAttempts });
  });
});
