import { errors } from 'undici';
import { failFast } from './fail.ts';
import type { DispatchController, DispatchHandler, Interceptor } from './types.ts';

export interface TimeoutOptions {
  /** Longest wait for a connection (including a queue slot in the pool); `0`/unset: no limit. */
  readonly connectMs?: number;
  /** Longest time from dispatch to the end of the response body; `0`/unset: no limit. */
  readonly requestMs?: number;
}

/**
 * Bounds each dispatch. Expiry aborts the request with undici's own timeout errors (`UND_ERR_CONNECT_TIMEOUT`
 * before a connection, `UND_ERR_HEADERS_TIMEOUT` before the status line, `UND_ERR_BODY_TIMEOUT` after), so code
 * that already maps undici's errors needs nothing new. Composed inside `retry`, it bounds each attempt.
 *
 * @example agent.compose(timeout({ connectMs: 1_000, requestMs: 5_000 }))
 */
export function timeout(options: TimeoutOptions): Interceptor {
  return (dispatch) =>
    function timeout(opts, handler) {
      return dispatch(opts, new TimeoutHandler(handler, options));
    };
}

class TimeoutHandler implements DispatchHandler {
  readonly #handler: DispatchHandler;
  #controller: DispatchController | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  #requestTimer: NodeJS.Timeout | undefined;
  #responded = false;
  /** Set when the call was answered before undici had a controller: later callbacks are dropped. */
  #expired: Error | undefined;

  constructor(handler: DispatchHandler, { connectMs, requestMs }: TimeoutOptions) {
    this.#handler = handler;
    if (connectMs) {
      const message = `No connection within ${connectMs} ms`;
      this.#connectTimer = setTimeout(() => this.#expire(new errors.ConnectTimeoutError(message)), connectMs);
    }
    if (requestMs) {
      this.#requestTimer = setTimeout(() => {
        const message = `No complete response within ${requestMs} ms`;
        this.#expire(
          this.#responded ? new errors.BodyTimeoutError(message) : new errors.HeadersTimeoutError(message),
        );
      }, requestMs);
    }
  }

  #expire(error: Error): void {
    this.#clear();
    if (this.#controller) {
      this.#controller.abort(error); // undici answers with onResponseError(error)
      return;
    }
    this.#expired = error;
    failFast(this.#handler, error);
  }

  #clear(): void {
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#requestTimer);
  }

  onRequestStart(controller: DispatchController, context: unknown): void {
    clearTimeout(this.#connectTimer);
    if (this.#expired) {
      controller.abort(this.#expired);
      return;
    }
    this.#controller = controller;
    this.#handler.onRequestStart?.(controller, context);
  }

  onResponseStart(controller: DispatchController, status: number, headers: never, message?: string): void {
    if (this.#expired) return;
    if (status >= 200) this.#responded = true;
    this.#handler.onResponseStart?.(controller, status, headers, message);
  }

  onResponseData(controller: DispatchController, chunk: Buffer): void {
    if (this.#expired) return;
    this.#handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: DispatchController, trailers: never): void {
    if (this.#expired) return;
    this.#clear();
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: DispatchController, error: Error): void {
    if (this.#expired) return;
    this.#clear();
    this.#handler.onResponseError?.(controller, error);
  }
}
