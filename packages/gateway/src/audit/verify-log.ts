import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Queryable, StoreDriver } from '../storage/index.ts';
import { readCheckpointFiles } from './checkpoint-files.ts';
import { readCheckpoints, readHead, readRecordPage, readRecordRun } from './sql.ts';
import { LogVerifier, type VerifyReport } from './verify.ts';
import type { CheckedRun, RunBytes } from './verify-chunk.ts';
import type { VerifyThreadData, WorkerAnswer, WorkerRequest } from './verify-worker.ts';

export interface VerifyOptions {
  /** Public checkpoint keys by key id: the current key's and every previous one's. */
  readonly trusted: ReadonlyMap<string, KeyObject>;
  /** The folder of exported checkpoints; undefined: not checked (truncation and rollback go unseen). */
  readonly checkpointDir: string | undefined;
  /** Records read per query. Default 10000. */
  readonly pageSize?: number;
  /**
   * Threads that check runs of records. On an SQLite file each thread reads its runs through a connection of
   * its own and this one only joins the results: the default is then one thread per core (at most four).
   * Otherwise (PostgreSQL, SQLite in memory) this thread reads and the threads hash: one per core beyond the
   * first (at least one, at most four). Either way none for logs under 50,000 records (starting a thread costs
   * more than it saves there). 0: everything on this thread.
   */
  readonly workers?: number;
}

/** Below this many records the default is to verify on this thread alone. */
const workerThreshold = 50_000;

/**
 * Verifies the whole log in one pass over the records (keyset paging, constant memory). Safe while gateways
 * keep appending: the files are read first, then the checkpoints, then the head, and only records up to
 * that head are checked. Each comes after the one it is compared with, so nothing newer than the head
 * can be mistaken for tampering.
 */
export function verifyAuditLog(db: Queryable, options: VerifyOptions): Promise<VerifyReport> {
  return verifyAuditLogReading(db, options, 'threads');
}

/** How the runs of a threaded verify went: checked on a thread, or (not all in order) here record by record. */
export interface RunCounts {
  threaded: number;
  recordByRecord: number;
}

/**
 * `verifyAuditLog`, saying where an SQLite file's records are read when threads check them: by the threads
 * themselves (the default) or by this thread, as for PostgreSQL; and counting the runs. For the tests, which
 * cover both ways and check that the threads did the work.
 */
export async function verifyAuditLogReading(
  db: Queryable,
  options: VerifyOptions,
  reading: 'threads' | 'this thread',
  counts: RunCounts = { threaded: 0, recordByRecord: 0 },
): Promise<VerifyReport> {
  const files =
    options.checkpointDir === undefined ? undefined : await readCheckpointFiles(options.checkpointDir);
  const checkpoints = await readCheckpoints(db);
  const head = await readHead(db);
  const [instance] = await db.query<{ id: string }>('SELECT id FROM brygga_instance WHERE singleton = 1');
  const verifier = new LogVerifier({
    trusted: options.trusted,
    origin: instance?.id ?? '',
    checkpoints,
    files,
  });
  const pageSize = options.pageSize ?? 10_000;
  // A store says which SQL it speaks (the runs are read with driver-specific SQL); a bare Queryable is read here.
  const driver = (db as { driver?: StoreDriver }).driver;
  const threaded = driver !== undefined && (options.workers ?? (head.size >= workerThreshold ? 1 : 0)) > 0;
  // An SQLite file can be read by the threads themselves (their own connections); otherwise this thread reads.
  const file = threaded && driver === 'sqlite' && reading === 'threads' ? await databaseFile(db) : undefined;
  const cores = availableParallelism();
  const workers = !threaded
    ? 0
    : (options.workers ?? (file !== undefined ? Math.min(4, cores) : Math.max(1, Math.min(4, cores - 1))));
  if (workers > 0 && driver !== undefined) {
    const pool = new RunPool(workers);
    try {
      if (file !== undefined && (await pool.open(file))) {
        await verifyInRuns(db, verifier, head.size, pageSize, counts, workers * 3, (after, end) =>
          pool.checkRange(after + 1, end),
        );
      } else {
        await verifyInRuns(db, verifier, head.size, pageSize, counts, workers * 2, async (after, end) => {
          // One block of bytes per run, starting with the record before it (its chain hash starts the links).
          const from = Math.max(0, after - 1);
          const { count, bytes } = await readRecordRun(db, driver, from, end);
          // seq is unique: as many records as numbers in the range means every number is there.
          if (bytes === null || count !== end - from) return undefined;
          return pool.check({ firstSeq: after + 1, withPrevious: after > 0, count, bytes });
        });
      }
    } finally {
      await pool.close();
    }
    return verifier.finish(head);
  }
  let after = 0;
  for (;;) {
    const page = await readRecordPage(db, after, head.size, pageSize);
    for (const record of page) verifier.push(record);
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) break;
    after = Number(last.seq);
  }
  return verifier.finish(head);
}

/** The file of an SQLite store's main database; undefined for one in memory (or when it cannot be told). */
async function databaseFile(db: Queryable): Promise<string | undefined> {
  try {
    const [row] = await db.query<{ file: unknown }>(
      "SELECT file FROM pragma_database_list WHERE name = 'main'",
    );
    return typeof row?.file === 'string' && row.file !== '' ? row.file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The same pass, with the checking on worker threads: runs of records, each ending at the next size a
 * checkpoint vouches for (so the roots are compared where they were signed), are handed out by `check` (which
 * reads them here or has a thread read them), up to `ahead` at a time; the results are taken in order. A run
 * that is not all in order (or any failure of a worker) is verified here record by record, so what is
 * reported never depends on the threads.
 */
async function verifyInRuns(
  db: Queryable,
  verifier: LogVerifier,
  size: number,
  pageSize: number,
  counts: RunCounts,
  ahead: number,
  check: (after: number, end: number) => Promise<CheckedRun | undefined>,
): Promise<void> {
  const cuts = verifier.anchorSizes;
  const pending: { after: number; end: number; checked: Promise<CheckedRun | undefined> }[] = [];
  const takeFirst = async () => {
    const first = pending.shift();
    if (first === undefined) return;
    const checked = await first.checked;
    if (checked !== undefined && verifier.pushChecked(checked)) {
      counts.threaded += 1;
    } else {
      counts.recordByRecord += 1;
      for (const record of await readRecordPage(db, first.after, first.end, pageSize)) verifier.push(record);
    }
  };
  let after = 0;
  let cut = 0;
  while (after < size) {
    while (cut < cuts.length && (cuts[cut] as number) <= after) cut += 1;
    const end = Math.min(size, after + pageSize, cuts[cut] ?? size);
    // A failed read is answered like a run out of order: the record-by-record pass reads it again and reports.
    pending.push({ after, end, checked: check(after, end).catch(() => undefined) });
    after = end;
    while (pending.length > ahead) await takeFirst();
  }
  while (pending.length > 0) await takeFirst();
}

/**
 * Tests only: `crashAtRun` makes every verify thread started meanwhile crash (exit at once, its connection
 * closed first) when it is given its run number `crashAtRun` (1 is its first), before answering it.
 */
export const verifyThreadFaults: { crashAtRun: number | undefined } = { crashAtRun: undefined };

/**
 * Worker threads running verify-worker.ts, given runs in turn. A worker that fails (cannot start, crashes)
 * answers every run it held with "not checked", which sends them to the record-by-record path.
 */
class RunPool {
  readonly #workers: Worker[] = [];
  readonly #waiting = new Map<
    number,
    { worker: Worker; resolve: (result: WorkerAnswer['result']) => void }
  >();
  /** Workers that failed: not given more runs (a message to a stopped thread is never answered). */
  readonly #failed = new Set<Worker>();
  #next = 0;
  #id = 0;

  constructor(size: number) {
    for (let index = 0; index < size; index += 1) {
      const { crashAtRun } = verifyThreadFaults;
      const worker = new Worker(new URL('./verify-worker.ts', import.meta.url), {
        workerData: crashAtRun === undefined ? {} : ({ crashAtRun } satisfies VerifyThreadData),
      });
      worker.on('message', (message: WorkerAnswer) => this.#settle(message.id, message.result));
      worker.on('error', () => this.#fail(worker));
      worker.on('exit', () => this.#fail(worker));
      this.#workers.push(worker);
    }
  }

  /** Has every worker open the SQLite file `path` for reading; false when any cannot. */
  async open(path: string): Promise<boolean> {
    const answers = await Promise.all(
      this.#workers.map((worker) => this.#request(worker, (id) => ({ kind: 'open', id, path }))),
    );
    return answers.every((answer) => answer === true);
  }

  /** Records firstSeq to lastSeq, read and checked by the next worker from its own connection. */
  async checkRange(firstSeq: number, lastSeq: number): Promise<CheckedRun | undefined> {
    const result = await this.#request(this.#take(), (id) => ({ kind: 'range', id, firstSeq, lastSeq }));
    return result === true ? undefined : result;
  }

  /** A run read on this thread, checked by the next worker. */
  async check(run: RunBytes): Promise<CheckedRun | undefined> {
    // A block of bytes that owns its memory moves to the worker instead of being copied.
    const owned = run.bytes.byteOffset === 0 && run.bytes.byteLength === run.bytes.buffer.byteLength;
    const result = await this.#request(
      this.#take(),
      (id) => ({ kind: 'bytes', id, run }),
      owned ? [run.bytes.buffer as ArrayBuffer] : [],
    );
    return result === true ? undefined : result;
  }

  /** Lets each thread close its connection and end; one that does not within a few seconds is stopped. */
  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(async (worker) => {
        if (this.#failed.has(worker)) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ kind: 'close' } satisfies WorkerRequest);
        const timer = setTimeout(() => void worker.terminate(), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** The next worker still running; undefined when none is. */
  #take(): Worker | undefined {
    for (let tried = 0; tried < this.#workers.length; tried += 1) {
      const worker = this.#workers[this.#next++ % this.#workers.length] as Worker;
      if (!this.#failed.has(worker)) return worker;
    }
    return undefined;
  }

  #request(
    worker: Worker | undefined,
    message: (id: number) => WorkerRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerAnswer['result']> {
    const id = this.#id++;
    if (worker === undefined || this.#failed.has(worker)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#waiting.set(id, { worker, resolve });
      try {
        worker.postMessage(message(id), transfer);
      } catch {
        this.#settle(id, undefined);
      }
    });
  }

  #settle(id: number, result: WorkerAnswer['result']): void {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    waiting?.resolve(result);
  }

  #fail(worker: Worker): void {
    this.#failed.add(worker);
    for (const [id, waiting] of this.#waiting) if (waiting.worker === worker) this.#settle(id, undefined);
  }
}
