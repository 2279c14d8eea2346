import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Queryable, StoreDriver } from '../storage/index.ts';
import { readCheckpointFiles } from './checkpoint-files.ts';
import { readCheckpoints, readHead, readRecordPage, readRecordRun } from './sql.ts';
import { LogVerifier, type VerifyReport } from './verify.ts';
import type { CheckedRun, RunBytes } from './verify-chunk.ts';

export interface VerifyOptions {
  /** Public checkpoint keys by key id: the current key's and every previous one's. */
  readonly trusted: ReadonlyMap<string, KeyObject>;
  /** The folder of exported checkpoints; undefined: not checked (truncation and rollback go unseen). */
  readonly checkpointDir: string | undefined;
  /** Records read per query. Default 10000. */
  readonly pageSize?: number;
  /**
   * Threads that hash records while this one reads the next runs. Default: one per core beyond the first (at
   * least one, at most four) for logs of 50,000 records or more, none for smaller ones (starting a thread costs
   * more than it saves there). On two cores one thread measured best: a second one added more work than it took
   * off when the cores were busy. 0: everything on this thread.
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
export async function verifyAuditLog(db: Queryable, options: VerifyOptions): Promise<VerifyReport> {
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
  const workers =
    driver === undefined
      ? 0
      : (options.workers ??
        (head.size >= workerThreshold ? Math.max(1, Math.min(4, availableParallelism() - 1)) : 0));
  if (workers > 0 && driver !== undefined) {
    await verifyInRuns(db, driver, verifier, head.size, pageSize, workers);
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

/**
 * The same pass, with the hashing on worker threads: this thread reads runs of records, each ending at the next
 * size a checkpoint vouches for (so the roots are compared where they were signed), and hands them to the
 * workers, a few runs ahead; the results are taken in order. A run that is not all in order (or any failure of
 * a worker) is verified here record by record, so what is reported never depends on the threads.
 */
async function verifyInRuns(
  db: Queryable,
  driver: StoreDriver,
  verifier: LogVerifier,
  size: number,
  pageSize: number,
  workers: number,
): Promise<void> {
  const pool = new RunPool(workers);
  const cuts = verifier.anchorSizes;
  const pending: { after: number; end: number; checked: Promise<CheckedRun | undefined> }[] = [];
  const takeFirst = async () => {
    const first = pending.shift();
    if (first === undefined) return;
    const checked = await first.checked;
    if (checked === undefined || !verifier.pushChecked(checked)) {
      for (const record of await readRecordPage(db, first.after, first.end, pageSize)) verifier.push(record);
    }
  };
  try {
    let after = 0;
    let cut = 0;
    while (after < size) {
      while (cut < cuts.length && (cuts[cut] as number) <= after) cut += 1;
      const end = Math.min(size, after + pageSize, cuts[cut] ?? size);
      // One block of bytes per run, starting with the record before it (its chain hash starts the run's links).
      const from = Math.max(0, after - 1);
      const { count, bytes } = await readRecordRun(db, driver, from, end);
      // seq is unique: as many records as numbers in the range means every number is there.
      const complete = bytes !== null && count === end - from;
      pending.push({
        after,
        end,
        checked: complete
          ? pool.check({ firstSeq: after + 1, withPrevious: after > 0, count, bytes })
          : Promise.resolve(undefined),
      });
      after = end;
      while (pending.length > workers * 2) await takeFirst();
    }
    while (pending.length > 0) await takeFirst();
  } finally {
    await pool.close();
  }
}

/**
 * Worker threads running verify-worker.ts, given runs in turn. A worker that fails (cannot start, crashes)
 * answers every run it held with "not checked", which sends them to the record-by-record path.
 */
class RunPool {
  readonly #workers: Worker[] = [];
  readonly #waiting = new Map<number, { worker: Worker; resolve: (run: CheckedRun | undefined) => void }>();
  #next = 0;
  #id = 0;

  constructor(size: number) {
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(new URL('./verify-worker.ts', import.meta.url));
      worker.on('message', (message: { id: number; result: CheckedRun | undefined }) => {
        this.#settle(message.id, message.result);
      });
      worker.on('error', () => this.#fail(worker));
      worker.on('exit', () => this.#fail(worker));
      this.#workers.push(worker);
    }
  }

  check(run: RunBytes): Promise<CheckedRun | undefined> {
    const worker = this.#workers[this.#next++ % this.#workers.length] as Worker;
    const id = this.#id++;
    return new Promise((resolve) => {
      this.#waiting.set(id, { worker, resolve });
      try {
        // A block of bytes that owns its memory moves to the worker instead of being copied.
        const owned = run.bytes.byteOffset === 0 && run.bytes.byteLength === run.bytes.buffer.byteLength;
        worker.postMessage({ id, run }, owned ? [run.bytes.buffer as ArrayBuffer] : []);
      } catch {
        this.#settle(id, undefined);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #settle(id: number, result: CheckedRun | undefined): void {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    waiting?.resolve(result);
  }

  #fail(worker: Worker): void {
    for (const [id, waiting] of this.#waiting) if (waiting.worker === worker) this.#settle(id, undefined);
  }
}
