import CircuitBreaker from 'opossum';
import { CircuitOpenError } from '../errors.ts';
import { asError, failFast } from './fail.ts';
import { Forward } from './forward.ts';
import type { DispatchController, DispatchHandler, Interceptor } from './types.ts';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** opossum's options, less the ones that make no sense around a dispatch (its own timeout, cache, fallback). */
export type BreakerOptions = Omit<
  CircuitBreaker.Options,
  'timeout' | 'cache' | 'cacheTTL' | 'cacheGetKey' | 'cacheTransport' | 'coalesce' | 'abortController'
> & {
  /** The business system it guards: one breaker per business system. */
  readonly name: string;
  /** Called on every transition, e.g. to set a gauge `brygga_breaker_state{system}`. */
  readonly onStateChange?: (name: string, state: BreakerState) => void;
};

export interface CircuitBreakerInterceptor extends Interceptor {
  readonly breaker: CircuitBreaker<[() => Promise<void>], void>;
  state(): BreakerState;
}

/** A status the business system answered but could not serve: counted as a failure, still passed on. */
class UpstreamStatus extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`upstream status ${status}`);
    this.status = status;
  }
}

/**
 * A circuit breaker (opossum) around every dispatch to one business system: transport errors and 5xx count as
 * failures; past `errorThresholdPercentage` (of at least `volumeThreshold` calls in the rolling window) it opens
 * and calls fail fast with {@link CircuitOpenError}; after `resetTimeout` one probe goes through (half-open) and
 * its outcome closes or re-opens it. A caller's own abort is not the business system's failure, except for the
 * half-open probe: that one re-opens the breaker, since an unanswered probe cannot show the system is back.
 *
 * @example agent.compose(circuitBreaker({ name: 'bygglov', resetTimeout: 30_000, onStateChange: gauge }))
 */
export function circuitBreaker(options: BreakerOptions): CircuitBreakerInterceptor {
  const { name, onStateChange, errorFilter, ...rest } = options;
  const breaker = new CircuitBreaker<[() => Promise<void>], void>((run) => run(), {
    volumeThreshold: 5,
    ...rest,
    name,
    // Timeouts belong to the timeout interceptor, which can cancel the request; opossum's could not.
    timeout: false,
    // opossum counts a filtered error as a success, and a success while half-open closes the breaker: an
    // aborted probe never learnt whether the system is back, so there it counts as a failure and re-opens.
    errorFilter: (error: Error): boolean =>
      (isCallerAbort(error) && !breaker.halfOpen) || (errorFilter?.(error) ?? false),
  });
  breaker.on('open', () => onStateChange?.(name, 'open'));
  breaker.on('halfOpen', () => onStateChange?.(name, 'halfOpen'));
  breaker.on('close', () => onStateChange?.(name, 'closed'));

  const interceptor: Interceptor = (dispatch) =>
    function circuitBreaker(opts, handler) {
      let sent = false;
      const outcome = breaker.fire(
        () =>
          new Promise<void>((resolve, reject) => {
            sent = true;
            try {
              dispatch(opts, new OutcomeHandler(handler, resolve, reject));
            } catch (error) {
              reject(error);
              failFast(handler, asError(error));
            }
          }),
      );
      // A failure of a sent call already reached the handler; only a refusal before sending must be delivered.
      outcome.catch((error: unknown) => {
        if (sent) return;
        const open = (error as { code?: unknown }).code === 'EOPENBREAKER';
        failFast(handler, open ? new CircuitOpenError(name) : asError(error));
      });
      return true;
    };
  return Object.assign(interceptor, {
    breaker,
    state: (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed'),
  });
}

function isCallerAbort(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR' || error.name === 'AbortError';
}

/** Passes everything on and settles the breaker's promise with the call's outcome. */
class OutcomeHandler extends Forward {
  readonly #resolve: () => void;
  readonly #reject: (error: Error) => void;
  #status = 0;

  constructor(handler: DispatchHandler, resolve: () => void, reject: (error: Error) => void) {
    super(handler);
    this.#resolve = resolve;
    this.#reject = reject;
  }

  override onResponseStart(controller: DispatchController, status: number, headers: never, message?: string) {
    if (status >= 200) this.#status = status;
    super.onResponseStart(controller, status, headers, message);
  }

  override onResponseEnd(controller: DispatchController, trailers: never) {
    if (this.#status >= 500) this.#reject(new UpstreamStatus(this.#status));
    else this.#resolve();
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: DispatchController, error: Error) {
    this.#reject(error);
    super.onResponseError(controller, error);
  }
}
