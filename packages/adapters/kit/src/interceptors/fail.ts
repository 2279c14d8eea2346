import type { DispatchController, DispatchHandler } from './types.ts';

/**
 * Ends a call that never reached the wire (breaker open, token refused, no connection in time) with `error`.
 * The handler still gets `onRequestStart` first: undici's request handler only applies an abort signal once it
 * has a controller, so a caller that already gave up gets its own reason back, as it would from undici.
 */
export function failFast(handler: DispatchHandler, error: Error): void {
  let reason: Error | null = null;
  const controller: DispatchController = {
    get aborted() {
      return reason !== null;
    },
    get paused() {
      return false;
    },
    get reason() {
      return reason;
    },
    abort(cause: Error) {
      reason ??= cause;
    },
    pause() {},
    resume() {},
  };
  handler.onRequestStart?.(controller, {});
  handler.onResponseError?.(controller, reason ?? error);
}

/**
 * Runs `run` with a handler for the inner dispatch once `gate` settles; a refused gate or a throwing dispatch ends
 * the call through the handler. The handler gets its controller at once, not when the inner request starts:
 * undici applies a caller's abort only through a controller, so while the gate is pending (a token on its way)
 * the abort would otherwise not land until the wait is over. An abort while waiting ends the call at once.
 */
export function dispatchAfter(
  gate: Promise<void>,
  run: (handler: DispatchHandler) => void,
  handler: DispatchHandler,
): true {
  const waiting = new Waiting(handler);
  handler.onRequestStart?.(waiting.controller, {});
  gate
    .then(
      () => waiting.dispatch(run),
      (error: unknown) => waiting.fail(asError(error)),
    )
    .catch((error: unknown) => waiting.fail(asError(error)));
  return true;
}

/** The handler of a call that waits before it is dispatched: one controller for the caller, before and after. */
class Waiting implements DispatchHandler {
  readonly #handler: DispatchHandler;
  readonly controller: DispatchController;
  #inner: DispatchController | undefined;
  #reason: Error | null = null;
  #dispatched = false;
  #done = false;

  constructor(handler: DispatchHandler) {
    this.#handler = handler;
    const self = this;
    this.controller = {
      get aborted() {
        return self.#reason !== null || (self.#inner?.aborted ?? false);
      },
      get paused() {
        return self.#inner?.paused ?? false;
      },
      get reason() {
        return self.#reason ?? self.#inner?.reason ?? null;
      },
      get rawHeaders() {
        return self.#inner?.rawHeaders;
      },
      get rawTrailers() {
        return self.#inner?.rawTrailers;
      },
      abort(reason: Error) {
        self.#reason ??= reason;
        if (self.#inner) self.#inner.abort(reason);
        // Still waiting: nothing to cancel, the call ends here. Once dispatched, onRequestStart passes it on.
        else if (!self.#dispatched) self.fail(reason);
      },
      pause: () => this.#inner?.pause(),
      resume: () => this.#inner?.resume(),
    };
  }

  dispatch(run: (handler: DispatchHandler) => void): void {
    if (this.#done) return; // the caller gave up while waiting
    this.#dispatched = true;
    run(this);
  }

  fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#handler.onResponseError?.(this.controller, this.#reason ?? error);
  }

  onRequestStart(controller: DispatchController): void {
    this.#inner = controller;
    if (this.#reason) controller.abort(this.#reason);
  }

  onResponseStart(_controller: DispatchController, status: number, headers: never, message?: string): void {
    if (!this.#done) this.#handler.onResponseStart?.(this.controller, status, headers, message);
  }

  onResponseData(_controller: DispatchController, chunk: Buffer): void {
    if (!this.#done) this.#handler.onResponseData?.(this.controller, chunk);
  }

  onResponseEnd(_controller: DispatchController, trailers: never): void {
    if (this.#done) return;
    this.#done = true;
    this.#handler.onResponseEnd?.(this.controller, trailers);
  }

  onResponseError(_controller: DispatchController, error: Error): void {
    this.fail(error);
  }
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
