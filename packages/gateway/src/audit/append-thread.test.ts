import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from '../storage/index.ts';
import { writerThreadFaults } from './append-thread.ts';
import type { AuditLog } from './audit-log.ts';
import { openSqlite, openTestLog, sampleRecord, tempDir, testKeys } from './test-fixtures.ts';
import { verifyAuditLog } from './verify-log.ts';

async function stored(store: Store): Promise<{ seqs: number[]; headSize: number }> {
  const rows = await store.query<{ seq: number }>('SELECT seq FROM brygga_audit_records ORDER BY seq');
  const [head] = await store.query<{ size: number }>('SELECT size FROM brygga_audit_head');
  return { seqs: rows.map((row) => Number(row.seq)), headSize: Number(head?.size) };
}

const oneTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe('the audit writer thread (SQLite file)', () => {
  it('may start in the background: appends made meanwhile wait for it, and a thread that cannot start shows', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const store = await openSqlite(join(dir.path, 'audit.db'));
    let log: AuditLog | undefined;
    try {
      log = await openTestLog(store, keys, join(dir.path, 'checkpoints'), { startInBackground: true });
      // Made at once, before the thread can have booted: it waits for it and is written.
      expect((await log.append(sampleRecord(1))).seq).toBe(1);
      await expect(log.writable()).resolves.toBeUndefined();
      await log.close();

      writerThreadFaults.refuseStart = true;
      log = await openTestLog(store, keys, join(dir.path, 'checkpoints'), { startInBackground: true });
      const failed = log;
      // Readiness sees it, and every append fails closed: nothing is served unlogged.
      // Bounded generously: a loaded machine can take seconds to spawn the thread that then refuses.
      await vi.waitFor(() => expect(failed.writable()).rejects.toThrow(/told not to start/), {
        timeout: 30_000,
        interval: 20,
      });
      await expect(failed.append(sampleRecord(2))).rejects.toMatchObject({ code: 'service_unavailable' });
      // The next append tries a new thread; once one starts, the log goes on where it was.
      writerThreadFaults.refuseStart = false;
      expect((await failed.append(sampleRecord(3))).seq).toBe(2);
      await expect(failed.writable()).resolves.toBeUndefined();
      expect(await stored(store)).toEqual({ seqs: oneTo(2), headSize: 2 });
    } finally {
      writerThreadFaults.refuseStart = false;
      await log?.close();
      await store.close();
      dir.remove();
    }
  });

  it('fails a batch closed when the thread dies in it, leaves none of it behind, and starts a new thread', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const store = await openSqlite(join(dir.path, 'audit.db'));
    let log: AuditLog | undefined;
    try {
      log = await openTestLog(store, keys, join(dir.path, 'checkpoints'));
      for (let index = 0; index < 3; index += 1) await log.append(sampleRecord(index));

      writerThreadFaults.crashNextBatch = true;
      // Appended in one synchronous run, so they make one batch: the one the thread dies in.
      const appends = Array.from({ length: 5 }, (_, index) => log?.append(sampleRecord(10 + index)));
      const outcomes = await Promise.allSettled(appends);
      expect(writerThreadFaults.crashNextBatch).toBe(false);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'service_unavailable' });
      }
      // Its INSERTs and head update were never committed: the log is as it was before the batch.
      expect(await stored(store)).toEqual({ seqs: oneTo(3), headSize: 3 });

      // The next append starts a new thread and the chain goes on from the last committed record.
      const next = await log.append(sampleRecord(20));
      expect(next.seq).toBe(4);
      const more = await Promise.all(
        Array.from({ length: 4 }, (_, index) => log?.append(sampleRecord(30 + index))),
      );
      expect(more.map((receipt) => receipt?.seq)).toEqual([5, 6, 7, 8]);
      await log.close();
      expect(await stored(store)).toEqual({ seqs: oneTo(8), headSize: 8 });
      const report = await verifyAuditLog(store, {
        trusted: keys.verifying,
        checkpointDir: join(dir.path, 'checkpoints'),
      });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      writerThreadFaults.crashNextBatch = false;
      await log?.close();
      await store.close();
      dir.remove();
    }
  });

  it('waits for a write lock another connection holds, then writes', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const path = join(dir.path, 'audit.db');
    const store = await openSqlite(path);
    const holder = new DatabaseSync(path);
    let log: AuditLog | undefined;
    try {
      log = await openTestLog(store, keys, join(dir.path, 'checkpoints'));
      await log.append(sampleRecord(0));
      holder.exec('BEGIN IMMEDIATE');
      const waiting = log.append(sampleRecord(1));
      await sleep(100);
      holder.exec('COMMIT');
      expect((await waiting).seq).toBe(2);
    } finally {
      if (holder.isTransaction) holder.exec('ROLLBACK');
      holder.close();
      await log?.close();
      await store.close();
      dir.remove();
    }
  });

  it('continues from the head whoever wrote it last: the main connection, or another connection to the file', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const path = join(dir.path, 'audit.db');
    const store = await openSqlite(path);
    const other = await openSqlite(path);
    let log: AuditLog | undefined;
    let otherLog: AuditLog | undefined;
    try {
      log = await openTestLog(store, keys, join(dir.path, 'checkpoints'));
      otherLog = await openTestLog(other, keys, join(dir.path, 'other-checkpoints'));
      const seqs: number[] = [];
      const append = async (into: AuditLog, index: number) =>
        seqs.push((await into.append(sampleRecord(index))).seq);
      await append(log, 0);
      await append(log, 1);
      // A checkpoint is signed on the main connection: it changes the head's checkpoint fields only.
      expect((await log.checkpoint())?.treeSize).toBe(2);
      await append(log, 2);
      // Records appended in the log's own transaction, on the main connection (as pruning does).
      const inTransaction = await log.transact((_tx, add) => add([sampleRecord(3), sampleRecord(4)]));
      seqs.push(...inTransaction.map((receipt) => receipt.seq));
      await append(log, 5);
      // Another log on its own connection (another process would do the same).
      await append(otherLog, 6);
      await append(otherLog, 7);
      await append(log, 8);
      expect((await otherLog.checkpoint())?.treeSize).toBe(9);
      await append(log, 9);
      expect(seqs).toEqual(oneTo(10));
      await otherLog.close();
      await log.close();
      expect(await stored(store)).toEqual({ seqs: oneTo(10), headSize: 10 });
      const report = await verifyAuditLog(store, { trusted: keys.verifying, checkpointDir: undefined });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await otherLog?.close();
      await log?.close();
      await other.close();
      await store.close();
      dir.remove();
    }
  });
});
