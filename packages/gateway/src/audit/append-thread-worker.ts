import type { KeyObject } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../storage/index.ts';
import { finishTransaction } from './append-commit.ts';
import type { CheckpointPolicy, PlannableRecord } from './append-plan.ts';
import { planAppend } from './append-plan.ts';
import { insertRecords, lockHead } from './sql.ts';

/*
 * The audit log's writer thread (append-thread.ts starts it) for a SQLite file: its own node:sqlite connection
 * runs each batch's transaction (head, numbering and hashing, INSERTs, checkpoint, head update, COMMIT with its
 * fsync) off the main thread, whose event loop would otherwise stop for all of it. Batches arrive one at a
 * time; each reads the head inside its own transaction, as the in-thread writer does.
 */

export interface WriterThreadData {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly origin: string;
  readonly signing: { readonly keyId: string; readonly privateKey: KeyObject };
  readonly policy: CheckpointPolicy;
}

/** Per record: textBeforeSeq, textAfterSeq, time, subject ref, subject key id, purpose id (flat: cheap to copy). */
export const batchFields = 6;

export interface BatchMessage {
  readonly id: number;
  /** The main thread's clock when the batch was cut: checkpoint times come from it. */
  readonly now: number;
  readonly records: readonly (string | null)[];
}

export type BatchReply =
  | { readonly id: number; readonly firstSeq: number; readonly leaves: string; readonly checkpoint: boolean }
  | { readonly id: number; readonly error: string };

const data = workerData as WriterThreadData;
const port = parentPort;
if (!port) throw new Error('append-thread-worker.ts runs only as a worker thread');
// Opening sets the same PRAGMAs as the main connection (WAL, synchronous=FULL, busy timeout).
const store = await openStore({ driver: 'sqlite', path: data.path, busyTimeoutMs: data.busyTimeoutMs });

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
  try {
    return await store.transaction(async (tx) => {
      const head = await lockHead(tx, 'sqlite');
      const planned = planAppend(head, records(message.records));
      await insertRecords(tx, 'sqlite', planned.rows);
      const checkpoint = await finishTransaction(tx, planned.head, false, { ...data, now });
      return {
        id: message.id,
        firstSeq: head.size + 1,
        leaves: planned.rows.map((row) => row.leafHash).join(' '),
        checkpoint: checkpoint !== undefined,
      };
    });
  } catch (error) {
    return { id: message.id, error: describe(error) };
  }
}

/** The message and its cause's (BryggaError wraps the SQLite error): errors do not cross threads as they are. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: BatchMessage | { close: true }) => {
  if ('close' in message) {
    queue = queue.then(async () => {
      await store.close();
      port.close();
    });
    return;
  }
  // In order, one transaction at a time, whatever the main thread sends.
  queue = queue.then(async () => port.postMessage(await write(message)));
});
port.postMessage({ ready: true });
