// The outbox's statements on SQLite (PostgreSQL runs them in postgres.test.ts): leases, takeovers, the final
// write that forgets the request and the citizen, and the operator's retry.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, tempDir } from '../audit/test-fixtures.ts';
import type { Store } from '../storage/index.ts';
import { outboxRow } from './fixtures.test-support.ts';
import {
  claimDue,
  countOpen,
  deleteExpiredReceipts,
  discardDead,
  finishAttempt,
  insertOrFind,
  listRows,
  type NewOutboxRow,
  releaseLeases,
  reviveDead,
} from './sql.ts';

const dir = tempDir('brygga-outbox-sql-');
let store: Store;
beforeAll(async () => {
  store = await openSqlite(join(dir.path, 'outbox.db'));
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

let next = 0;
function row(overrides: Partial<NewOutboxRow> = {}): NewOutboxRow {
  next += 1;
  return outboxRow({
    receiptId: `rcpt_${String(next).padStart(24, '0')}`,
    request: '{"body":{"title":"x"}}',
    citizen: '19121212-1212',
    requestId: 'req-1',
    ...overrides,
  });
}

describe('outbox SQL', () => {
  it('dedupes on (e-service, key) only, never on a missing key', async () => {
    const first = await insertOrFind(store, row({ idempotencyKey: 'k1' }));
    const again = await insertOrFind(store, row({ idempotencyKey: 'k1' }));
    const otherService = await insertOrFind(store, row({ idempotencyKey: 'k1', eServiceId: 'annan' }));
    const noKey = [await insertOrFind(store, row()), await insertOrFind(store, row())];
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, row: { receiptId: first.row.receiptId } });
    expect(otherService.created).toBe(true);
    expect(noKey.map((each) => each.created)).toEqual([true, true]);
    await store.execute('DELETE FROM brygga_outbox');
  });

  it('leases due rows once, until the lease runs out, and only the holder may finish them', async () => {
    const due = await insertOrFind(store, row({ now: 1_000 }));
    await insertOrFind(store, row({ now: 5_000 }));
    const claimed = await claimDue(store, { owner: 'a', now: 2_000, leaseUntil: 3_000, limit: 10 });
    expect(claimed.map((each) => [each.receiptId, each.state, each.attempts])).toEqual([
      [due.row.receiptId, 'delivering', 1],
    ]);
    expect(await claimDue(store, { owner: 'b', now: 2_500, leaseUntil: 4_000, limit: 10 })).toEqual([]);
    // The lease ran out: b takes it over, and a's late answer no longer counts.
    const takenOver = await claimDue(store, { owner: 'b', now: 3_000, leaseUntil: 4_000, limit: 1 });
    expect(takenOver.map((each) => [each.receiptId, each.attempts])).toEqual([[due.row.receiptId, 2]]);
    const step = { state: 'delivered', result: { status: 201, body: { caseId: 'BN-1' } } } as const;
    expect(await finishAttempt(store, { receiptId: due.row.receiptId, owner: 'a', now: 3_100, step })).toBe(
      false,
    );
    expect(await finishAttempt(store, { receiptId: due.row.receiptId, owner: 'b', now: 3_100, step })).toBe(
      true,
    );
    const [final] = await store.query(
      'SELECT state, request, citizen, result, delivered_at FROM brygga_outbox WHERE receipt_id = $1',
      [due.row.receiptId],
    );
    expect(final).toEqual({
      state: 'delivered',
      request: null,
      citizen: null,
      result: JSON.stringify(step.result),
      delivered_at: 3_100,
    });
    await store.execute('DELETE FROM brygga_outbox');
  });

  it('gives a released lease back without spending its attempt, and keeps a retry’s request', async () => {
    const accepted = await insertOrFind(store, row());
    await claimDue(store, { owner: 'a', now: 2_000, leaseUntil: 9_000, limit: 1 });
    await releaseLeases(store, 'a', [accepted.row.receiptId]);
    const [released] = await listRows(store, { limit: 10 });
    expect(released).toMatchObject({ state: 'pending', attempts: 0 });

    await claimDue(store, { owner: 'a', now: 2_000, leaseUntil: 9_000, limit: 1 });
    const step = { state: 'pending', nextAttemptAt: 4_000, lastError: 'gateway_timeout' } as const;
    expect(
      await finishAttempt(store, { receiptId: accepted.row.receiptId, owner: 'a', now: 2_100, step }),
    ).toBe(true);
    const [retrying] = await store.query('SELECT state, request, citizen, last_error FROM brygga_outbox');
    expect(retrying).toEqual({
      state: 'pending',
      request: '{"body":{"title":"x"}}',
      citizen: '19121212-1212',
      last_error: 'gateway_timeout',
    });
    expect(await claimDue(store, { owner: 'a', now: 3_999, leaseUntil: 9_000, limit: 1 })).toEqual([]);
    await store.execute('DELETE FROM brygga_outbox');
  });

  it('revives dead rows with a fresh budget, and counts the open states', async () => {
    const dead = await insertOrFind(store, row());
    const alsoDead = await insertOrFind(store, row());
    await insertOrFind(store, row());
    for (const each of [dead, alsoDead]) {
      await claimDue(store, { owner: 'a', now: 2_000, leaseUntil: 9_000, limit: 1 });
      const step = { state: 'dead', lastError: 'service_unavailable' } as const;
      await finishAttempt(store, { receiptId: each.row.receiptId, owner: 'a', now: 2_000, step });
    }
    expect(Object.fromEntries(await countOpen(store))).toEqual({ dead: 2, pending: 1 });
    expect(await listRows(store, { state: 'dead', limit: 1 })).toHaveLength(1);

    expect(await reviveDead(store, { receiptIds: [dead.row.receiptId, 'rcpt_unknown'], now: 7_000 })).toEqual(
      [dead.row.receiptId],
    );
    const [revived] = await store.query(
      'SELECT state, attempts, next_attempt_at, budget_from, last_error FROM brygga_outbox WHERE receipt_id = $1',
      [dead.row.receiptId],
    );
    expect(revived).toEqual({
      state: 'pending',
      attempts: 0,
      next_attempt_at: 7_000,
      budget_from: 7_000,
      last_error: null,
    });
    expect(await reviveDead(store, { receiptIds: 'all', now: 7_000 })).toEqual([alsoDead.row.receiptId]);
    expect(Object.fromEntries(await countOpen(store))).toEqual({ pending: 3 });
    await store.execute('DELETE FROM brygga_outbox');
  });

  it('deletes final receipts older than the cut-off in batches, and never open or dead ones', async () => {
    const finish = async (state: 'delivered' | 'failed' | 'dead' | 'pending', at: number) => {
      const accepted = await insertOrFind(store, row());
      if (state === 'pending') return accepted.row.receiptId;
      await claimDue(store, { owner: 'a', now: at, leaseUntil: at + 1_000, limit: 1 });
      const step =
        state === 'delivered'
          ? ({ state, result: { status: 201, body: { caseId: 'c' } } } as const)
          : state === 'failed'
            ? ({ state, problemCode: 'duplicate_submission', problemTitle: 'x' } as const)
            : ({ state, lastError: 'bad_gateway' } as const);
      await finishAttempt(store, { receiptId: accepted.row.receiptId, owner: 'a', now: at, step });
      return accepted.row.receiptId;
    };
    const old = [
      await finish('delivered', 2_000),
      await finish('failed', 2_000),
      await finish('delivered', 3_000),
    ];
    const young = await finish('delivered', 9_000);
    const dead = await finish('dead', 2_000);
    const pending = await finish('pending', 0);

    expect(await deleteExpiredReceipts(store, { before: 5_000, limit: 2 })).toBe(2);
    expect(await deleteExpiredReceipts(store, { before: 5_000, limit: 2 })).toBe(1);
    expect(await deleteExpiredReceipts(store, { before: 5_000, limit: 2 })).toBe(0);
    const left = (await listRows(store, { limit: 10 })).map((each) => each.receiptId).sort();
    expect(left).toEqual([young, dead, pending].sort());
    expect(left).not.toContain(old[0]);

    // Discarding takes dead rows only, and hands them back (still sealed) for the audit record.
    const discarded = await discardDead(store, [dead, young, 'rcpt_unknown']);
    expect(discarded.map((each) => each.receiptId)).toEqual([dead]);
    expect(discarded[0]?.citizen).toBe('19121212-1212');
    expect((await listRows(store, { limit: 10 })).map((each) => each.receiptId).sort()).toEqual(
      [young, pending].sort(),
    );
  });
});
