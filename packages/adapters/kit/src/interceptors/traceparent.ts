import { withHeader } from './headers.ts';
import type { DispatchOptions, Interceptor } from './types.ts';

// W3C Trace Context, version 00: a malformed value is dropped rather than passed on to another system.
const format = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Propagates the W3C `traceparent` that `getter` returns for a dispatch (e.g. from the call's options or an
 * AsyncLocalStorage), so the business system's logs join the gateway's trace.
 *
 * @example agent.compose(traceparent((opts) => (opts as { call?: { traceparent?: string } }).call?.traceparent))
 */
export function traceparent(getter: (opts: DispatchOptions) => string | undefined): Interceptor {
  return (dispatch) =>
    function traceparent(opts, handler) {
      const value = getter(opts);
      return dispatch(value && format.test(value) ? withHeader(opts, 'traceparent', value) : opts, handler);
    };
}
