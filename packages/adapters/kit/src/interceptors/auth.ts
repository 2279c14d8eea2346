import { withHeader } from './headers.ts';
import type { Interceptor } from './types.ts';

/**
 * Sends an API key in a header of the business system's choosing on every call, replacing any header of that
 * name, so no other credential can reach the business system through the adapter.
 *
 * @example agent.compose(apiKeyHeader({ header: 'x-api-key', value: process.env.BYGGLOV_KEY }))
 */
export function apiKeyHeader(options: { readonly header: string; readonly value: string }): Interceptor {
  if (!options.header || !options.value) throw new TypeError('apiKeyHeader needs a header name and a value.');
  const { header, value } = options;
  return (dispatch) =>
    function apiKeyHeader(opts, handler) {
      return dispatch(withHeader(opts, header, value), handler);
    };
}

/**
 * Sends `Authorization: Bearer <token>`; `token` may be a function for keys that rotate without a restart.
 *
 * @example agent.compose(bearer(() => secrets.current('bygglov')))
 */
export function bearer(token: string | (() => string)): Interceptor {
  const read = typeof token === 'function' ? token : () => token;
  return (dispatch) =>
    function bearer(opts, handler) {
      return dispatch(withHeader(opts, 'authorization', `Bearer ${read()}`), handler);
    };
}
