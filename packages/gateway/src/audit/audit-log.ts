import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BryggaError } from '@brygga/contract';
import type { Logger } from '../log/index.ts';
import { Mutex, type Queryable, type Store } from '../storage/index.ts';
import { finishTransaction } from './append-commit.ts';
import { type CheckpointPolicy, checkpointDueOnTimer, type LogHead, planAppend } from './append-plan.ts';
import { AppendThread, sqliteFileOf } from './append-thread.ts';
import { parseCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import { largestExportedSize, writeCheckpointFile } from './checkpoint-files.ts';
import { type ExtractEntry, type ExtractRange, extractForSubject } from './extract.ts';
import type { AuditKeys } from './keys.ts';
import type { PurposeRegistry } from './purposes.ts';
import { type AuditRecordInput, type PreparedRecord, prepareRecord } from './record.ts';
import { insertRecords, lockHead, readCheckpoints } from './sql.ts';

/**
 * Batches at the writer thread at once: one being written, two waiting behind it (three kept the threads busier
 * than two under a burst, by a few thousand records a second on the two-core benchmark machine).
 */
const pipelineDepth = 3;
/** A queue at least this long, with nothing in flight, goes as two batches (see `#drainToThread`). */
const splitFrom = 256;

export interface AuditLogOptions {
  readonly store: Store;
  readonly keys: AuditKeys;
  readonly purposes: PurposeRegistry;
  /** The database's instance id (brygga_instance), written into every checkpoint. */
  readonly origin: string;
  /** Where checkpoints are exported as files; created if missing. */
  readonly checkpointDir: string;
  readonly checkpoints: CheckpointPolicy;
  /** Most records per transaction. Default 5000. */
  readonly maxBatch?: number;
  readonly logger?: Logger;
  /** The clock; injected in tests. */
  readonly now?: () => Date;
  /**
   * Let the SQLite writer thread boot (a worker's start takes 100 ms and more) while the caller goes on; appends
   * made meanwhile wait for it. Default: `open` waits for the thread and fails when it cannot start.
   */
  readonly startInBackground?: boolean;
}

/** What `append` resolves with once the record is durable. */
export interface AppendReceipt {
  readonly seq: number;
  /** base64url leaf hash: what an inclusion proof for this record would prove. */
  readonly leafHash: string;
  readonly time: string;
}

interface Pending {
  readonly record: PreparedRecord;
  readonly resolve: (receipt: AppendReceipt) => void;
  readonly reject: (error: unknown) => void;
}

/** Appends inside a transaction of `AuditLog.transact`, with the records of the work around them. */
export type TransactionAppend = (inputs: readonly AuditRecordInput[]) => Promise<AppendReceipt[]>;

/**
 * The GDPR audit log's write side. `append` queues a record and resolves only once the transaction holding
 * it has committed (durable: SQLite synchronous=FULL, PostgreSQL synchronous_commit). Records are written
 * in grouped commits: one batch commits while the next one gathers, so a burst of requests shares a few
 * fsyncs instead of paying one each. When the store cannot write, every waiting append rejects with
 * `service_unavailable`, so the caller fails closed (503) instead of serving the request unlogged.
 *
 * @example
 * const receipt = await audit.append({ actor: { kind: 'citizen' }, subject: { personnummer }, operation:
 *   'getCase', purpose: 'handlagga-bygglov', outcome: { status: 'success' }, eService: 'bygglov-ansokan' });
 */
export class AuditLog {
  readonly #store: Store;
  readonly #keys: AuditKeys;
  readonly #purposes: PurposeRegistry;
  readonly #origin: string;
  readonly #dir: string;
  readonly #policy: CheckpointPolicy;
  readonly #maxBatch: number;
  readonly #logger: Logger | undefined;
  readonly #now: () => Date;
  /** One batch, checkpoint or transaction of this log at a time; other instances wait on the head row. */
  readonly #writer = new Mutex();
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #exporting: Promise<void> = Promise.resolve();
  #exportedSize = 0;
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  /** On a SQLite file, the thread that writes the batches; undefined writes them on the store itself. */
  #thread: AppendThread | undefined;
  /** Why the writer thread's first start failed, if it did (checked by `writable`). */
  #threadFailure: unknown;
  /** Batches sent to the thread and not yet answered. */
  readonly #inFlight = new Set<Promise<void>>();

  private constructor(options: AuditLogOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#purposes = options.purposes;
    this.#origin = options.origin;
    this.#dir = options.checkpointDir;
    this.#policy = options.checkpoints;
    this.#maxBatch = options.maxBatch ?? 5000;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Opens the log on a migrated store: makes the checkpoint folder, exports any checkpoint the database has
   * and the folder lacks (a crash between commit and export), and starts the checkpoint timer. Refuses to
   * open when the folder cannot be written: a log whose checkpoints cannot leave the database cannot prove
   * it was not truncated.
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const log = new AuditLog(options);
    await probeWritable(log.#dir);
    log.#exportedSize = await largestExportedSize(log.#dir);
    await log.#exportNow();
    // node:sqlite blocks the event loop for every statement and fsync: batches go to a thread with its own
    // connection to the file. An in-memory database cannot be shared, so it keeps the in-thread writer.
    const file = await sqliteFileOf(log.#store);
    if (file) {
      log.#thread = new AppendThread({
        ...file,
        origin: log.#origin,
        signing: log.#keys.signing,
        policy: log.#policy,
      });
      const started = log.#thread.start();
      if (options.startInBackground) {
        started.catch((error: unknown) => {
          log.#threadFailure = error;
          log.#logger?.error({ component: 'audit', err: error }, 'the audit writer thread could not start');
        });
      } else {
        await started;
      }
    }
    log.#timer = setInterval(() => void log.#tick(), options.checkpoints.seconds * 1000);
    log.#timer.unref();
    return log;
  }

  /**
   * For readiness: rejects when the writer thread could not start (every append would fail closed), resolves
   * while it runs or is still starting (appends wait for it).
   */
  writable(): Promise<void> {
    return this.#threadFailure === undefined ? Promise.resolve() : Promise.reject(this.#threadFailure);
  }

  get checkpointDir(): string {
    return this.#dir;
  }

  /** Queues one record; resolves when it is durable, rejects (`service_unavailable`) when it cannot be. */
  append(input: AuditRecordInput): Promise<AppendReceipt> {
    if (this.#closing) return Promise.reject(new BryggaError('shutting_down'));
    let record: PreparedRecord;
    try {
      record = this.#prepare(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendReceipt>((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /**
   * Runs `work` in the log's own transaction, holding the head: whatever `work` changes and the records it
   * appends commit together or not at all (pruning uses this, so a prune and its record are one change).
   */
  async transact<T>(work: (tx: Queryable, append: TransactionAppend) => Promise<T>): Promise<T> {
    if (this.#closing) throw new BryggaError('shutting_down');
    const { result, checkpoint } = await this.#writer.run(async () => {
      await this.#threadIdle();
      return this.#store.transaction(async (tx) => {
        let head = await lockHead(tx, this.#store.driver);
        const append: TransactionAppend = async (inputs) => {
          const planned = planAppend(
            head,
            inputs.map((input) => this.#prepare(input)),
          );
          await insertRecords(tx, this.#store.driver, planned.rows);
          head = planned.head;
          return planned.rows.map((row) => ({ seq: row.seq, leafHash: row.leafHash, time: row.time }));
        };
        const result = await work(tx, append);
        const finished = await this.#finishTransaction(tx, head, false);
        return { result, checkpoint: finished };
      });
    });
    if (checkpoint) await this.#export();
    return result;
  }

  /** Signs a checkpoint now if any record is not yet covered by one, and exports it. */
  async checkpoint(): Promise<SignedCheckpoint | undefined> {
    return this.#checkpointIf(() => true);
  }

  /** The records about one person, under every key id, live and pruned. */
  extract(personnummer: string, range: ExtractRange = {}): Promise<ExtractEntry[]> {
    return extractForSubject(this.#store, this.#keys.subjectKeys, personnummer, range);
  }

  /** Resolves when every record appended so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /**
   * Stops taking records, writes the queued ones, signs a final checkpoint and exports it. Call before the
   * store closes. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
    try {
      await this.#checkpointIf(() => true);
    } catch (error) {
      this.#logger?.error(
        { component: 'audit', err: error },
        'final audit checkpoint failed; the next start signs one',
      );
    }
    await this.#exporting;
    await this.#thread?.close();
  }

  #prepare(input: AuditRecordInput): PreparedRecord {
    return prepareRecord(input, { subjectKey: this.#keys.subject, purposes: this.#purposes, now: this.#now });
  }

  async #drain(): Promise<void> {
    try {
      if (this.#thread) {
        await this.#drainToThread();
        return;
      }
      while (this.#queue.length > 0) {
        // Let the appends of this turn of the event loop join the batch before it is cut.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#queue.splice(0, this.#maxBatch);
        await this.#writer.run(() => this.#writeBatch(batch));
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /**
   * Keeps up to `pipelineDepth` batches at the writer thread, so the main thread answers one batch's appends and gathers
   * the next while the thread writes the other. When nothing is in flight a large queue is cut in halves:
   * otherwise a burst would go as one batch and the two threads would only take turns.
   */
  async #drainToThread(): Promise<void> {
    while (this.#queue.length > 0 || this.#inFlight.size > 0) {
      if (this.#queue.length === 0 || this.#inFlight.size >= pipelineDepth) {
        await Promise.race(this.#inFlight);
        continue;
      }
      if (this.#inFlight.size === 0) {
        // The thread is idle: cut the batch at once, after only the appends made in the same synchronous run
        // (a turn of the event loop would add its wait to every append at low load). Others that come while
        // this batch is written go in the next one.
        await Promise.resolve();
      } else {
        // The thread is busy: let the appends of this turn of the event loop join the batch before it is cut.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const take =
        this.#inFlight.size === 0 && this.#queue.length >= splitFrom
          ? Math.ceil(this.#queue.length / 2)
          : this.#queue.length;
      const batch = this.#queue.splice(0, Math.min(this.#maxBatch, take));
      // Sent under the writer lock, so a transaction on the main connection, which waits for the thread to be
      // idle, never overlaps a batch; committed in the order sent (the thread takes one at a time).
      await this.#writer.run(() => {
        const written = this.#writeBatch(batch).finally(() => this.#inFlight.delete(written));
        this.#inFlight.add(written);
      });
    }
  }

  /**
   * Resolves once no batch is at the writer thread; callers hold the writer lock, so none is sent meanwhile.
   * The thread keeps the head between batches but sees such a transaction's commit (SQLite's data_version)
   * and reads the head again after it.
   */
  async #threadIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  async #writeBatch(batch: readonly Pending[]): Promise<void> {
    let written: { receipts: AppendReceipt[]; checkpoint: boolean };
    try {
      written = this.#thread
        ? await this.#writeOnThread(this.#thread, batch)
        : await this.#store.transaction(async (tx) => {
            const head = await lockHead(tx, this.#store.driver);
            const planned = planAppend(
              head,
              batch.map((pending) => pending.record),
            );
            await insertRecords(tx, this.#store.driver, planned.rows);
            const checkpoint = await this.#finishTransaction(tx, planned.head, false);
            return {
              receipts: planned.rows.map((row) => ({ seq: row.seq, leafHash: row.leafHash, time: row.time })),
              checkpoint: checkpoint !== undefined,
            };
          });
    } catch (error) {
      const failure = unavailable(error);
      this.#logger?.error(
        { component: 'audit', err: error, records: batch.length },
        'audit records could not be written; their requests fail closed',
      );
      for (const pending of batch) pending.reject(failure);
      return;
    }
    // A thread is up again (this batch went through it): readiness no longer reports the failed first start.
    this.#threadFailure = undefined;
    for (const [index, pending] of batch.entries()) pending.resolve(written.receipts[index] as AppendReceipt);
    if (written.checkpoint) void this.#export();
  }

  /** The batch's transaction on the writer thread: it commits there, durably, before this resolves. */
  async #writeOnThread(
    thread: AppendThread,
    batch: readonly Pending[],
  ): Promise<{ receipts: AppendReceipt[]; checkpoint: boolean }> {
    const written = await thread.write(
      batch.map((pending) => pending.record),
      this.#now(),
    );
    return {
      receipts: batch.map((pending, index) => ({
        seq: written.firstSeq + index,
        leafHash: written.leaves[index] as string,
        time: pending.record.fields.time,
      })),
      checkpoint: written.checkpoint,
    };
  }

  /** Signs a checkpoint when one is due (or `force`), then writes the head. Returns the new checkpoint. */
  async #finishTransaction(
    tx: Queryable,
    head: LogHead,
    force: boolean,
  ): Promise<SignedCheckpoint | undefined> {
    const finished = await finishTransaction(tx, head, force, {
      origin: this.#origin,
      signing: this.#keys.signing,
      policy: this.#policy,
      now: this.#now,
    });
    return finished.checkpoint;
  }

  async #checkpointIf(due: (head: LogHead) => boolean): Promise<SignedCheckpoint | undefined> {
    const checkpoint = await this.#writer.run(async () => {
      await this.#threadIdle();
      return this.#store.transaction(async (tx) => {
        const head = await lockHead(tx, this.#store.driver);
        if (head.size <= head.checkpointSize || !due(head)) return undefined;
        return this.#finishTransaction(tx, head, true);
      });
    });
    if (checkpoint) await this.#export();
    return checkpoint;
  }

  async #tick(): Promise<void> {
    try {
      await this.#checkpointIf((head) => checkpointDueOnTimer(head, this.#policy, this.#now()));
    } catch (error) {
      this.#logger?.error({ component: 'audit', err: error }, 'timed audit checkpoint failed');
    }
  }

  /**
   * Exports, one run at a time, every checkpoint newer than the newest file this log has written. Never
   * rejects: a failed export is logged and retried with the next checkpoint (records are already durable).
   */
  #export(): Promise<void> {
    this.#exporting = this.#exporting.then(() =>
      this.#exportNow().catch((error: unknown) => {
        this.#logger?.error(
          { component: 'audit', err: error },
          'audit checkpoint could not be exported; retried at the next checkpoint',
        );
      }),
    );
    return this.#exporting;
  }

  async #exportNow(): Promise<void> {
    for (const row of await readCheckpoints(this.#store, this.#exportedSize)) {
      await writeCheckpointFile(this.#dir, parseCheckpoint(row.document));
      this.#exportedSize = row.treeSize;
    }
  }
}

/** Makes the folder and proves a file can be created in it, so a read-only mount fails the start, not later. */
async function probeWritable(dir: string): Promise<void> {
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? 'EIO');
    throw new BryggaError('internal_error', {
      detail: `The audit checkpoint folder ${dir} cannot be written (${code}); set audit.checkpointDir to a folder the gateway may write.`,
      cause: error,
    });
  }
}

/** Any failure to write becomes a 503: the caller must not go on as if its processing had been logged. */
function unavailable(error: unknown): BryggaError {
  if (BryggaError.is(error) && (error.code === 'service_unavailable' || error.code === 'shutting_down')) {
    return error;
  }
  return new BryggaError('service_unavailable', { headers: { 'Retry-After': '1' }, cause: error });
}
