import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Store } from '../storage/index.ts';
import type { BatchMessage, BatchReply, WriterThreadData } from './append-thread-worker.ts';
import type { PreparedRecord } from './record.ts';

/** What a batch written by the thread resolves with: per record in order, and whether a checkpoint was signed. */
export interface ThreadBatchResult {
  readonly firstSeq: number;
  readonly leaves: string[];
  readonly checkpoint: boolean;
}

/**
 * The SQLite file behind `store`, or undefined for an in-memory database (which another connection cannot
 * open) and for PostgreSQL (whose driver does not block the event loop).
 */
export async function sqliteFileOf(
  store: Store,
): Promise<{ path: string; busyTimeoutMs: number } | undefined> {
  if (store.driver !== 'sqlite') return undefined;
  const databases = await store.query<{ name: string; file: string }>('PRAGMA database_list');
  const path = databases.find((database) => database.name === 'main')?.file;
  if (!path) return undefined;
  return { path, busyTimeoutMs: store.busyTimeoutMs ?? 5000 };
}

/**
 * Tests only: `crashNextBatch` makes the thread that takes the next batch exit in the middle of its
 * transaction (after the INSERTs and the head update, before COMMIT), as a crash of the thread would;
 * `refuseStart` makes every thread started meanwhile fail before it opens its connection.
 */
export const writerThreadFaults = { crashNextBatch: false, refuseStart: false };

/**
 * Runs the log's batch transactions on a worker thread (append-thread-worker.ts) with its own connection to
 * the same SQLite file. The caller sends one batch at a time and holds the log's writer lock meanwhile, so a
 * transaction on the main connection never overlaps one here. A thread that dies fails the batch it held; the
 * next batch starts a new one.
 */
export class AppendThread {
  readonly #data: WriterThreadData;
  #worker: Worker | undefined;
  #starting: Promise<Worker> | undefined;
  readonly #waiting = new Map<number, { resolve: (reply: BatchReply) => void; worker: Worker }>();
  #id = 0;

  constructor(data: WriterThreadData) {
    this.#data = data;
  }

  /** Starts the thread and waits until its connection is open: a file it cannot open fails here. */
  async start(): Promise<void> {
    await this.#ensure();
  }

  async write(records: readonly PreparedRecord[], now: Date): Promise<ThreadBatchResult> {
    const worker = await this.#ensure();
    const flat: (string | null)[] = [];
    for (const record of records) {
      const { fields } = record;
      flat.push(
        record.textBeforeSeq,
        record.textAfterSeq,
        fields.time,
        fields.subject?.ref ?? null,
        fields.subject?.keyId ?? null,
        fields.purpose.id,
      );
    }
    const id = this.#id++;
    const message: BatchMessage = writerThreadFaults.crashNextBatch
      ? { id, now: now.getTime(), records: flat, crash: true }
      : { id, now: now.getTime(), records: flat };
    writerThreadFaults.crashNextBatch = false;
    const reply = await new Promise<BatchReply>((resolve) => {
      this.#waiting.set(id, { resolve, worker });
      // Keeps the process alive only while a batch is out: an idle writer must not hold it open.
      worker.ref();
      worker.postMessage(message);
    });
    if (this.#waiting.size === 0) worker.unref();
    if ('error' in reply) throw new Error(`audit writer thread: ${reply.error}`);
    return { firstSeq: reply.firstSeq, leaves: reply.leaves.split(' '), checkpoint: reply.checkpoint };
  }

  /** Lets the thread close its connection after the batches it has, and waits for it to exit. */
  async close(): Promise<void> {
    const worker = this.#worker ?? (await this.#starting?.catch(() => undefined));
    this.#worker = undefined;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  #ensure(): Promise<Worker> {
    if (this.#worker) return Promise.resolve(this.#worker);
    this.#starting ??= this.#spawn().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #spawn(): Promise<Worker> {
    const worker = new Worker(new URL('./append-thread-worker.ts', import.meta.url), {
      workerData: writerThreadFaults.refuseStart ? { ...this.#data, refuseStart: true } : this.#data,
    });
    worker.unref();
    // Only our own listeners come off: Worker keeps listeners of its own (they ref its message port).
    let onError: (error: Error) => void = () => {};
    let onExit: (code: number) => void = () => {};
    let onReady: () => void = () => {};
    await new Promise<void>((resolve, reject) => {
      onError = reject;
      onExit = (code) => reject(new Error(`audit writer thread exited (${code}) while starting`));
      onReady = () => resolve();
      worker.once('error', onError).once('exit', onExit).once('message', onReady);
    }).finally(() => {
      worker.off('error', onError).off('exit', onExit).off('message', onReady);
    });
    worker.on('message', (reply: BatchReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      waiting?.resolve(reply);
    });
    const fail = (reason: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, waiting] of this.#waiting) {
        if (waiting.worker !== worker) continue;
        this.#waiting.delete(id);
        waiting.resolve({ id, error: reason });
      }
    };
    worker.on('error', (error) => fail(`failed: ${error.message}`));
    worker.on('exit', (code) => fail(`exited (${code})`));
    this.#worker = worker;
    return worker;
  }
}
