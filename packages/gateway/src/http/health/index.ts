import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Lifecycle } from '../../server/lifecycle.ts';
import type { GatewayEnv } from '../env.ts';

/** One dependency the gateway needs before it can serve, such as `{ name: 'database', check: () => store.ping() }`. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency works; rejects (or never settles) when it does not. */
  readonly check: (signal: AbortSignal) => unknown;
  /** Default 2000 ms. */
  readonly timeoutMs?: number;
}

export type CheckStatus = 'ok' | 'fail' | 'timeout';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
}

export interface HealthOptions {
  readonly lifecycle: Lifecycle;
  readonly readiness?: readonly ReadinessCheck[];
  /** For failed checks; their error's code and name only, never its message (it may hold a connection string). */
  readonly logger: Logger;
  /** How long one round of checks answers `/ready` after it finished. Default 1000 ms; 0 runs them every time. */
  readonly readinessCacheMs?: number;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
}

export const defaultCheckTimeoutMs = 2000;
export const defaultReadinessCacheMs = 1000;

/** Runs one check with its own timeout; never throws. */
export async function runCheck(check: ReadinessCheck, logger: Logger): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeoutMs ?? defaultCheckTimeoutMs);
  });
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => check.check(controller.signal)),
      timedOut,
    ]);
    if (outcome === 'timeout') {
      controller.abort();
      logger.warn({ check: check.name }, 'readiness check timed out');
      return { name: check.name, status: 'timeout' };
    }
    return { name: check.name, status: 'ok' };
  } catch (error) {
    logger.warn({ check: check.name, err: error }, 'readiness check failed');
    return { name: check.name, status: 'fail' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/live`: 200 while the process runs (so an orchestrator does not kill it mid-drain).
 * `/ready`: 200 when every readiness check passes, 503 when one fails or times out, or while the gateway is
 * starting or draining (checks are then not run). Concurrent `/ready` requests share one round of checks, and its
 * result is reused for `readinessCacheMs` (1 s). Both are `Cache-Control: no-store`. Mount under `/health`.
 *
 * @example
 * app.route('/health', health({ lifecycle, logger, readiness: [{ name: 'database', check: () => store.ping() }] }));
 */
export function health(options: HealthOptions): Hono<GatewayEnv> {
  const checks = options.readiness ?? [];
  const cacheMs = options.readinessCacheMs ?? defaultReadinessCacheMs;
  const now = options.now ?? Date.now;
  // `/ready` needs no credentials: a flood of it must not become a flood of database pings. Concurrent requests
  // share the round in flight, and a finished round answers for cacheMs more.
  let round: { readonly results: Promise<CheckResult[]>; finishedAt?: number } | undefined;
  const checked = (log: Logger): Promise<CheckResult[]> => {
    if (round !== undefined && (round.finishedAt === undefined || now() - round.finishedAt < cacheMs)) {
      return round.results;
    }
    const current: { readonly results: Promise<CheckResult[]>; finishedAt?: number } = {
      // runCheck never throws, so neither does this.
      results: Promise.all(checks.map((check) => runCheck(check, log))),
    };
    current.results.then(() => {
      current.finishedAt = now();
    });
    round = current;
    return current.results;
  };
  const app = new Hono<GatewayEnv>();
  app.get('/live', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });
  app.get('/ready', async (c) => {
    c.header('Cache-Control', 'no-store');
    const { state } = options.lifecycle;
    if (!options.lifecycle.ready) return c.json({ status: state }, 503);
    const results = await checked(c.get('log') ?? options.logger);
    const ok = results.every((result) => result.status === 'ok');
    return c.json({ status: ok ? 'ok' : 'fail', checks: results }, ok ? 200 : 503);
  });
  return app;
}
