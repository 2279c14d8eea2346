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

/** Runs `dispatch` after `gate` settles; a refused gate or a throwing dispatch ends the call through the handler. */
export function dispatchAfter(gate: Promise<void>, run: () => void, handler: DispatchHandler): true {
  gate
    .then(run, (error: unknown) => failFast(handler, asError(error)))
    .catch((error: unknown) => {
      failFast(handler, asError(error));
    });
  return true;
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
