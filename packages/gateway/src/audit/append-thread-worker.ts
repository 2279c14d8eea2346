import type { KeyObject } from 'node:crypto';
import type { StatementSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { isSqliteBusy } from '../storage/errors.ts';
import type { Queryable, SqlValue } from '../storage/index.ts';
import { compileSql } from '../storage/sql-text.ts';
import { openSqliteConnection } from '../storage/sqlite.ts';
import { fromSqliteRow, toSqliteParams } from '../storage/values.ts';
import { finishTransaction } from './append-commit.ts';
import type { CheckpointPolicy, LogHead, PlannableRecord } from './append-plan.ts';
import { planAppend } from './append-plan.ts';
import { insertRecords, lockHead } from './sql.ts';

/*
 * The audit log's writer thread (append-thread.ts starts it) for a SQLite file: its own node:sqlite connection
 * runs each batch's transaction (head, numbering and hashing, INSERTs, checkpoint, head update, COMMIT with its
 * fsync) off the main thread, whose event loop would otherwise stop for all of it. Batches arrive one at a
 * time. The thread has nothing else to do, so it drives its connection directly, without the Store's locks and
 * scopes, and blocking calls are fine here.
 */

export interface WriterThreadData {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly origin: string;
  readonly signing: { readonly keyId: string; readonly privateKey: KeyObject };
  readonly policy: CheckpointPolicy;
  /** Tests only (`writerThreadFaults.refuseStart`). */
  readonly refuseStart?: true;
}

/** Per record: textBeforeSeq, textAfterSeq, time, subject ref, subject key id, purpose id (flat: cheap to copy). */
export const batchFields = 6;

export interface BatchMessage {
  readonly id: number;
  /** The main thread's clock when the batch was cut: checkpoint times come from it. */
  readonly now: number;
  readonly records: readonly (string | null)[];
  /** Tests only: the thread exits after the batch's INSERTs and head update, before its COMMIT. */
  readonly crash?: true;
}

export type BatchReply =
  | { readonly id: number; readonly firstSeq: number; readonly leaves: string; readonly checkpoint: boolean }
  | { readonly id: number; readonly error: string };

const data = workerData as WriterThreadData;
const port = parentPort;
if (!port) throw new Error('append-thread-worker.ts runs only as a worker thread');
if (data.refuseStart) throw new Error('the audit writer thread was told not to start (a test)');

// Opened as the main connection is (WAL, synchronous=FULL, no busy handler once open: `beginWrite` waits for the
// write lock itself, in finer steps than SQLite's handler, which sleeps 1 ms, then 2, 5, 10...).
const db = openSqliteConnection(data.path, data.busyTimeoutMs);

const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const dataVersion = db.prepare('PRAGMA data_version');
const statements = new Map<string, StatementSync>();

function statement(sql: string): StatementSync {
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(compileSql(sql).sqlite);
    statements.set(sql, prepared);
  }
  return prepared;
}

/** The statements of sql.ts on this connection: each runs at once; the promise only fits the interface. */
const tx: Queryable = {
  query: <R>(sql: string, params: readonly SqlValue[] = []) =>
    Promise.resolve(
      statement(sql)
        .all(...toSqliteParams(params))
        .map(fromSqliteRow) as R[],
    ),
  execute: (sql, params = []) =>
    Promise.resolve({ rowCount: Number(statement(sql).run(...toSqliteParams(params)).changes) }),
  executeScript: (sql) => Promise.resolve(db.exec(sql)),
};

/**
 * The head as this thread last committed it, with the connection's data_version then. SQLite changes a
 * connection's data_version whenever another connection (the main one: checkpoints, pruning, anything else
 * on the file; another process) commits, and never for the connection's own commits. So while it is unchanged
 * the head row is still the one cached here, and the batch need not read and decode it again.
 */
let cached: { readonly version: unknown; readonly head: LogHead } | undefined;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** BEGIN IMMEDIATE, waiting while another connection holds the write lock, for up to the busy timeout. */
function beginWrite(): void {
  const deadline = performance.now() + data.busyTimeoutMs;
  for (let pause = 0.05; ; pause = Math.min(pause * 2, 4)) {
    try {
      begin.run();
      return;
    } catch (error) {
      if (!isSqliteBusy(error) || performance.now() >= deadline) throw error;
    }
    Atomics.wait(sleeper, 0, 0, pause);
  }
}

function records(flat: readonly (string | null)[]): PlannableRecord[] {
  const out: PlannableRecord[] = [];
  for (let index = 0; index < flat.length; index += batchFields) {
    const ref = flat[index + 3];
    out.push({
      textBeforeSeq: flat[index] as string,
      textAfterSeq: flat[index + 1] as string,
      fields: {
        time: flat[index + 2] as string,
        subject: ref == null ? null : { ref, keyId: flat[index + 4] as string },
        purpose: { id: flat[index + 5] as string },
      },
    });
  }
  return out;
}

async function write(message: BatchMessage): Promise<BatchReply> {
  const now = () => new Date(message.now);
  const known = cached;
  // Whatever happens below, the cache is only good again once this batch has committed.
  cached = undefined;
  try {
    beginWrite();
    try {
      const version = dataVersion.get()?.data_version;
      const head = known && known.version === version ? known.head : await lockHead(tx, 'sqlite');
      const planned = planAppend(head, records(message.records));
      await insertRecords(tx, 'sqlite', planned.rows);
      const written = await finishTransaction(tx, planned.head, false, { ...data, now });
      if (message.crash) exitNow(70);
      commit.run();
      cached = { version, head: written.head };
      return {
        id: message.id,
        firstSeq: head.size + 1,
        leaves: planned.rows.map((row) => row.leafHash).join(' '),
        checkpoint: written.checkpoint !== undefined,
      };
    } catch (error) {
      // A failed COMMIT can leave the transaction open too.
      if (db.isTransaction) rollbackOrExit();
      throw error;
    }
  } catch (error) {
    return { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A connection that cannot roll back is not used again: the thread exits, which fails the batch it held, and
 * the next batch starts a new thread with a new connection.
 */
function rollbackOrExit(): void {
  try {
    rollback.run();
  } catch {
    exitNow(1);
  }
}

/**
 * Ends the thread at once, the batch uncommitted. The connection is closed first (SQLite rolls back what it
 * holds, as it would after a crash): a thread that ends with a database open can crash the whole process as
 * its native objects are torn down.
 */
function exitNow(code: number): never {
  try {
    db.close();
  } catch {
    // Already unusable: the exit still ends the thread, and the main thread fails the batch.
  }
  process.exit(code);
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: BatchMessage | { close: true }) => {
  if ('close' in message) {
    queue = queue.then(() => {
      db.close();
      port.close();
    });
    return;
  }
  // In order, one transaction at a time, whatever the main thread sends.
  queue = queue.then(async () => port.postMessage(await write(message)));
});
port.postMessage({ ready: true });
