import { parentPort, workerData } from 'node:worker_threads';
import type { CheckedRun } from './verify-chunk.ts';
import { checkRun, parseRun, type RunBytes } from './verify-chunk.ts';
import { RangeReader } from './verify-range.ts';

/**
 * A thread of `audit verify`: checks runs of records, either read by the main thread and sent as bytes (see
 * verify-chunk.ts) or read here from an SQLite file through a connection of its own (see verify-range.ts).
 */
export type WorkerRequest =
  | { readonly kind: 'bytes'; readonly id: number; readonly run: RunBytes }
  | { readonly kind: 'open'; readonly id: number; readonly path: string }
  | { readonly kind: 'range'; readonly id: number; readonly firstSeq: number; readonly lastSeq: number }
  | { readonly kind: 'close' };

/** A run's result (undefined: not all in order, or not checked); for `open`, true when the file opened. */
export interface WorkerAnswer {
  readonly id: number;
  readonly result: CheckedRun | true | undefined;
}

/** Tests only (`verifyThreadFaults` in verify-log.ts). */
export interface VerifyThreadData {
  readonly crashAtRun?: number;
}

const { crashAtRun } = (workerData ?? {}) as VerifyThreadData;
let runs = 0;
let reader: RangeReader | undefined;

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.kind === 'close') {
    // Closed here, before the thread ends: a thread stopped from outside with a database still open can crash
    // the whole process as its native objects are torn down.
    reader?.close();
    reader = undefined;
    parentPort?.close();
    return;
  }
  if (message.kind !== 'open') {
    runs += 1;
    if (runs === crashAtRun) {
      // As a crash would, minus the open connection, which could take the whole process down with the thread.
      reader?.close();
      process.exit(70);
    }
  }
  let result: WorkerAnswer['result'];
  try {
    switch (message.kind) {
      case 'bytes': {
        const columns = parseRun(message.run);
        result = columns === undefined ? undefined : checkRun(columns);
        break;
      }
      case 'open':
        reader?.close();
        reader = new RangeReader(message.path);
        result = true;
        break;
      case 'range':
        result = reader?.check(message.firstSeq, message.lastSeq);
        break;
    }
  } catch {
    // Anything unexpected in a run: the main thread checks it record by record and reports it.
    result = undefined;
  }
  parentPort?.postMessage({ id: message.id, result } satisfies WorkerAnswer);
});
