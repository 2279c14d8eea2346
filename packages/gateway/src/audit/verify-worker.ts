import { parentPort } from 'node:worker_threads';
import { checkRun, parseRun, type RunBytes } from './verify-chunk.ts';

/** A thread of `audit verify`: checks the runs of records the main thread reads (see verify-chunk.ts). */
parentPort?.on('message', (message: { id: number; run: RunBytes }) => {
  let result: ReturnType<typeof checkRun>;
  try {
    const columns = parseRun(message.run);
    result = columns === undefined ? undefined : checkRun(columns);
  } catch {
    // Anything unexpected in a run: the main thread checks it record by record and reports it.
    result = undefined;
  }
  parentPort?.postMessage({ id: message.id, result });
});
