import type { Logger } from 'pino';
import type { Store } from '../../storage/index.ts';
import type { UsageEvent, UsageRow } from './event.ts';
import { addUsage } from './store.ts';

export interface UsageRecorderOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Default 1000 ms. */
  readonly flushIntervalMs?: number;
}

export interface UsageRecorder {
  /** Counts a call in memory; never waits and never throws, so it costs a request next to nothing. */
  record(event: UsageEvent): void;
  /** Writes what is counted so far in one transaction; resolves when it is stored (or kept for the next try). */
  flush(): Promise<void>;
  /** Stops the timer and writes the rest. Idempotent. */
  close(): Promise<void>;
}

/**
 * Usage counters kept off the hot path: calls are summed in memory per (day, e-service, contract, version,
 * operation, outcome) and upserted every second and on close. A failed write keeps its counts for the next one,
 * so a database hiccup delays usage figures but loses none (a crash loses at most the last second).
 */
export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const log = options.logger.child({ component: 'contract-usage' });
  let pending = new Map<string, UsageRow>();
  let closed: Promise<void> | undefined;

  const merge = (row: UsageRow) => {
    const key = keyOf(row);
    const existing = pending.get(key);
    pending.set(
      key,
      existing
        ? { ...existing, calls: existing.calls + row.calls, lastAt: later(existing.lastAt, row.lastAt) }
        : row,
    );
  };

  const writeBatch = async () => {
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    try {
      await options.store.transaction((tx) => addUsage(tx, batch));
    } catch (error) {
      for (const row of batch) merge(row);
      log.warn({ err: error }, 'contract usage could not be written; kept for the next try');
    }
  };

  // Writes run one after another; writeBatch never rejects, so the chain never breaks.
  let chain: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    chain = chain.then(writeBatch);
    return chain;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    record(event) {
      if (closed) return;
      const at = new Date(event.at).toISOString();
      merge({
        day: at.slice(0, 10),
        eServiceId: event.eServiceId,
        contract: event.contract,
        version: event.version,
        operationId: event.operationId,
        outcome: event.outcome,
        calls: 1,
        lastAt: at,
      });
    },
    flush,
    close() {
      closed ??= (async () => {
        clearInterval(timer);
        await flush();
      })();
      return closed;
    },
  };
}

function keyOf(row: UsageRow): string {
  return [row.day, row.eServiceId, row.contract, row.version, row.operationId, row.outcome].join('\u0000');
}

const later = (a: string, b: string) => (a > b ? a : b);
