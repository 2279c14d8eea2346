import type { DispatchController, DispatchHandler } from './types.ts';

/**
 * Ends a call that never reached the wire (breaker open, token refused, no connection in time) with `error`.
 * The handler still gets `onRequestStart` first: undici's request handler only applies an abort signal once it
 * has a controller, so a caller that already gave up gets its own reason back, as it would from undici.
 */
export function failFast(handler: DispatchHandler, error: Error): void {
  let reason: Error | null = null;
  const controller = forwardingController({
    inner: () => undefined,
    reason: () => reason,
    abort(cause) {
      reason ??= cause;
    },
  });
  handler.onRequestStart?.(controller, {});
  handler.onResponseError?.(controller, reason ?? error);
}

/**
 * The controller a caller holds when the request it controls may come and go (none yet, one per attempt): it
 * answers for the current inner controller, if any, and reports its own abort reason first. `abort` decides what
 * an abort does when there is no inner request to pass it to.
 */
export function forwardingController(state: {
  readonly inner: () => DispatchController | undefined;
  readonly reason: () => Error | null | undefined;
  readonly abort: (reason: Error) => void;
}): DispatchController {
  return {
    get aborted() {
      return state.reason() != null || (state.inner()?.aborted ?? false);
    },
    get paused() {
      return state.inner()?.paused ?? false;
    },
    get reason() {
      return state.reason() ?? state.inner()?.reason ?? null;
    },
    get rawHeaders() {
      return state.inner()?.rawHeaders;
    },
    get rawTrailers() {
      return state.inner()?.rawTrailers;
    },
    abort: (reason) => state.abort(reason),
    pause: () => state.inner()?.pause(),
    resume: () => state.inner()?.resume(),
  };
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
    this.controller = forwardingController({
      inner: () => this.#inner,
      reason: () => this.#reason,
      abort: (reason) => {
        this.#reason ??= reason;
        if (this.#inner) this.#inner.abort(reason);
        // Still waiting: nothing to cancel, the call ends here. Once dispatched, onRequestStart passes it on.
        else if (!this.#dispatched) this.fail(reason);
      },
    });
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
