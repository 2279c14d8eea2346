import { backoffDelay, retryAfterMs } from './backoff.ts';
import { forwardingController } from './fail.ts';
import { headerOf } from './headers.ts';
import type { Dispatch, DispatchController, DispatchHandler, DispatchOptions, Interceptor } from './types.ts';

/** What an attempt ended with: a status before any of its body was passed on, or a transport error. */
export type AttemptOutcome = { readonly status: number } | { readonly error: Error };

export interface RetryOptions {
  /** Further attempts after the first. Default 2. */
  readonly retries?: number;
  /** Default 100 ms. */
  readonly minDelayMs?: number;
  /** Cap of the backoff, and the longest Retry-After honoured (longer: the response is passed on). Default 2 s. */
  readonly maxDelayMs?: number;
  /** Full jitter. Default true. */
  readonly jitter?: boolean;
  /** Default: connection failures and 429, 502, 503, 504. */
  readonly retryOn?: (outcome: AttemptOutcome) => boolean;
  /** For tests. */
  readonly random?: () => number;
}

const retryStatuses = new Set([429, 502, 503, 504]);
const retryCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function defaultRetryOn(outcome: AttemptOutcome): boolean {
  if ('status' in outcome) return retryStatuses.has(outcome.status);
  return retryCodes.has(String((outcome.error as { code?: unknown }).code));
}

/**
 * A request that may be sent twice: idempotent by method, by undici's `idempotent: true` dispatch option (a
 * remote adapter's read travels as a POST) or by its Idempotency-Key, with a replayable body.
 */
export function isRetryable(opts: DispatchOptions): boolean {
  const body = opts.body;
  const replayable = body == null || typeof body === 'string' || body instanceof Uint8Array;
  const method = opts.method.toUpperCase();
  const idempotent =
    idempotentMethods.has(method) ||
    opts.idempotent === true ||
    headerOf(opts, 'idempotency-key') !== undefined;
  return replayable && idempotent;
}

/**
 * Retries idempotent requests (GET/HEAD/PUT/DELETE, or any carrying an Idempotency-Key) on connection failures
 * and overload statuses, with exponential backoff and full jitter, honouring Retry-After. Once a response's
 * status has been passed on, nothing is retried: the caller may already be reading its body.
 *
 * @example agent.compose(retry({ retries: 3, minDelayMs: 200, maxDelayMs: 5_000 }))
 */
export function retry(options: RetryOptions = {}): Interceptor {
  return (dispatch) =>
    function retry(opts, handler) {
      if (!isRetryable(opts)) return dispatch(opts, handler);
      new RetryingHandler(dispatch, opts, handler, options).start();
      return true;
    };
}

class RetryingHandler implements DispatchHandler {
  readonly #dispatch: Dispatch;
  readonly #opts: DispatchOptions;
  readonly #handler: DispatchHandler;
  readonly #options: RetryOptions;
  #attempts = 0;
  #current: DispatchController | undefined;
  #statusPassed = false;
  /** Set while a refused response is read to its end (so the connection is reused) before the next attempt. */
  #discard: { readonly retryAfter: number | undefined } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #aborted: Error | undefined;
  /** What the caller holds: it outlives the attempts, so an abort during a backoff still lands. */
  readonly #proxy: DispatchController;

  constructor(dispatch: Dispatch, opts: DispatchOptions, handler: DispatchHandler, options: RetryOptions) {
    this.#dispatch = dispatch;
    this.#opts = opts;
    this.#handler = handler;
    this.#options = options;
    this.#proxy = forwardingController({
      inner: () => this.#current,
      reason: () => this.#aborted,
      abort: (reason) => {
        this.#aborted ??= reason;
        if (this.#timer === undefined) this.#current?.abort(reason);
        else this.#giveUp(reason);
      },
    });
  }

  /**
   * The caller gets its controller before the first attempt, not from the attempt's onRequestStart: an attempt
   * refused before undici starts it (ECONNREFUSED) never calls that, and its abort would wait out the backoff.
   */
  start(): void {
    this.#handler.onRequestStart?.(this.#proxy, {});
    this.attempt();
  }

  attempt(): void {
    this.#timer = undefined;
    this.#discard = undefined;
    this.#current = undefined; // the last attempt's: an abort now is for the one about to start
    const signal = (this.#opts as { signal?: AbortSignal }).signal;
    const reason = this.#aborted ?? (signal?.aborted ? asReason(signal.reason) : undefined);
    if (reason) {
      this.#giveUp(reason);
      return;
    }
    this.#dispatch(this.#opts, this);
  }

  #giveUp(reason: Error): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#handler.onResponseError?.(this.#proxy, reason);
  }

  #wouldRetry(outcome: AttemptOutcome, retryAfter: number | undefined): boolean {
    const { retries = 2, maxDelayMs = 2_000 } = this.#options;
    if (this.#aborted !== undefined || this.#attempts >= retries) return false;
    if (retryAfter !== undefined && retryAfter > maxDelayMs) return false;
    return (this.#options.retryOn ?? defaultRetryOn)(outcome);
  }

  #schedule(retryAfter: number | undefined): void {
    const { minDelayMs = 100, maxDelayMs = 2_000, jitter = true } = this.#options;
    const delay =
      retryAfter ?? backoffDelay(this.#attempts, { minDelayMs, maxDelayMs, jitter }, this.#options.random);
    this.#attempts++;
    this.#timer = setTimeout(() => this.attempt(), delay);
  }

  onRequestStart(controller: DispatchController): void {
    this.#current = controller;
    if (this.#aborted) controller.abort(this.#aborted);
  }

  onResponseStart(_controller: DispatchController, status: number, headers: never, message?: string): void {
    if (status >= 200) {
      const retryAfter = retryAfterMs((headers as Record<string, unknown>)['retry-after']);
      if (this.#wouldRetry({ status }, retryAfter)) {
        this.#discard = { retryAfter };
        return;
      }
      this.#statusPassed = true;
    }
    this.#handler.onResponseStart?.(this.#proxy, status, headers, message);
  }

  onResponseData(_controller: DispatchController, chunk: Buffer): void {
    if (this.#discard) return;
    this.#handler.onResponseData?.(this.#proxy, chunk);
  }

  onResponseEnd(_controller: DispatchController, trailers: never): void {
    if (this.#discard && !this.#aborted) {
      this.#schedule(this.#discard.retryAfter);
      return;
    }
    // Aborted while a refused answer was discarded: the caller never saw its status, so no bare end.
    if (this.#discard && this.#aborted) {
      this.#handler.onResponseError?.(this.#proxy, this.#aborted);
      return;
    }
    this.#handler.onResponseEnd?.(this.#proxy, trailers);
  }

  onResponseError(_controller: DispatchController, error: Error): void {
    if (this.#discard && !this.#aborted) {
      this.#schedule(this.#discard.retryAfter);
      return;
    }
    // Never once a status went to the caller: it may be reading the body already.
    if (!this.#statusPassed && this.#wouldRetry({ error }, undefined)) {
      this.#schedule(undefined);
      return;
    }
    this.#handler.onResponseError?.(this.#proxy, error);
  }
}

function asReason(value: unknown): Error {
  return value instanceof Error ? value : new Error('The request was aborted.');
}
