import { Agent, type Dispatcher } from 'undici';
import {
  type BreakerOptions,
  type CircuitBreakerInterceptor,
  circuitBreaker,
} from './interceptors/circuit-breaker.ts';
import { type MutualTlsOptions, mutualTls } from './interceptors/mutual-tls.ts';
import { type RetryOptions, retry } from './interceptors/retry.ts';
import { type TimeoutOptions, timeout } from './interceptors/timeout.ts';
import { traceparent } from './interceptors/traceparent.ts';
import type { DispatchOptions, Interceptor } from './interceptors/types.ts';

export interface DispatcherOptions {
  /** Per attempt. Default: connect 2 s, request 10 s. `false`: none (the caller's signal alone bounds calls). */
  readonly timeout?: TimeoutOptions | false;
  /** Default: 2 retries of idempotent requests. `false`: none. */
  readonly retry?: RetryOptions | false;
  /** One breaker per business system; omitted: no breaker. */
  readonly breaker?: BreakerOptions;
  /** `apiKeyHeader(...)`, `bearer(...)` or `oauthClientCredentials(...)`. */
  readonly auth?: Interceptor;
  /** Default: the `call.traceparent` dispatch option, as the case-management adapter passes it. */
  readonly traceparent?: ((opts: DispatchOptions) => string | undefined) | false;
  /** Client certificate for mutual TLS. */
  readonly mutualTls?: MutualTlsOptions;
  /** The transport; default a keep-alive `Agent` (closed by `close()`). An injected one is left open. */
  readonly dispatcher?: Dispatcher;
}

export interface BusinessDispatcher {
  readonly dispatcher: Dispatcher;
  /** The breaker, when one was asked for, for readiness pages and tests. */
  readonly breaker: CircuitBreakerInterceptor | undefined;
  close(): Promise<void>;
}

const defaultTrace = (opts: DispatchOptions) =>
  (opts as { call?: { traceparent?: string } }).call?.traceparent;

/**
 * The dispatcher an adapter's handlers use to reach one business system. Order, outermost first:
 *
 * 1. traceparent: set once, before anything can repeat the call;
 * 2. retry: around the breaker, so every attempt is one sample for the breaker and a breaker that opens stops the
 *    retries at once (CircuitOpenError is not retried);
 * 3. circuitBreaker: around auth, so an open breaker fails fast without even fetching a token;
 * 4. auth: inside the breaker and retry, so every attempt carries the token valid at that moment;
 * 5. timeout: innermost, so it bounds each attempt against the business system, not the backoff between them.
 */
export function createDispatcher(options: DispatcherOptions = {}): BusinessDispatcher {
  const limits = options.timeout === undefined ? { connectMs: 2_000, requestMs: 10_000 } : options.timeout;
  const owned =
    options.dispatcher === undefined
      ? new Agent({
          ...(limits !== false && limits.connectMs ? { connectTimeout: limits.connectMs } : {}),
          ...(options.mutualTls ? { connect: mutualTls(options.mutualTls) } : {}),
        })
      : undefined;
  if (options.mutualTls && options.dispatcher) {
    throw new TypeError('mutualTls configures the transport: pass it or a dispatcher, not both.');
  }
  const breaker = options.breaker ? circuitBreaker(options.breaker) : undefined;
  const trace = options.traceparent === undefined ? defaultTrace : options.traceparent;
  // undici's compose wraps in order: the last interceptor listed is the outermost.
  const interceptors: Interceptor[] = [];
  if (limits) interceptors.push(timeout(limits));
  if (options.auth) interceptors.push(options.auth);
  if (breaker) interceptors.push(breaker);
  if (options.retry !== false) interceptors.push(retry(options.retry ?? {}));
  if (trace) interceptors.push(traceparent(trace));
  const base = (options.dispatcher ?? owned) as Dispatcher;
  return {
    dispatcher: base.compose(...interceptors),
    breaker,
    async close() {
      // Ends the breaker's rolling-window timers along with the connections.
      breaker?.breaker.shutdown();
      await owned?.close();
    },
  };
}
