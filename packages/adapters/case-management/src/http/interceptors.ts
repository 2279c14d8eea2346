import { traceparent } from '@brygga/adapter-kit';
import type { Dispatcher } from 'undici';

/**
 * Per-call values the interceptors below put on the wire. They travel with the dispatch options, because the
 * interceptors are composed once per dispatcher while these change with every call.
 */
export interface CallMetadata {
  /** W3C traceparent of the gateway's call, so the business system's logs join the same trace. */
  readonly traceparent?: string | undefined;
  /** The e-service's Idempotency-Key, passed on so the business system creates the case once. */
  readonly idempotencyKey?: string | undefined;
}

export type BusinessDispatchOptions = Dispatcher.DispatchOptions & { readonly call?: CallMetadata };

type HeaderValue = string | string[] | number | undefined;

/** Any of undici's header forms as one record with lower-case names, so a set header replaces, never doubles. */
export function headerRecord(headers: Dispatcher.DispatchOptions['headers']): Record<string, HeaderValue> {
  const record: Record<string, HeaderValue> = {};
  if (headers == null) return record;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) record[String(headers[i]).toLowerCase()] = headers[i + 1];
    return record;
  }
  const entries =
    Symbol.iterator in headers
      ? (headers as Iterable<[string, HeaderValue]>)
      : Object.entries(headers as Record<string, HeaderValue>);
  for (const [name, value] of entries) record[name.toLowerCase()] = value;
  return record;
}

function withHeader<T extends Dispatcher.DispatchOptions>(opts: T, name: string, value: string): T {
  return { ...opts, headers: { ...headerRecord(opts.headers), [name]: value } };
}

/**
 * Sends the business system's API key as a Bearer token on every call; it replaces any Authorization header,
 * so no other credential can reach the business system through the adapter.
 *
 * @example pool.compose(bearerAuth(apiKey))
 */
export function bearerAuth(apiKey: string): Dispatcher.DispatcherComposeInterceptor {
  const authorization = `Bearer ${apiKey}`;
  return (dispatch) =>
    function bearerAuth(opts, handler) {
      return dispatch(withHeader(opts, 'authorization', authorization), handler);
    };
}

/**
 * Propagates the call's W3C trace context (`call.traceparent` in the dispatch options) through the kit's
 * traceparent interceptor, so a malformed value is dropped here exactly as the kit drops it. The adapter needs its
 * own: its default Pool has no kit interceptors, and on the kit's dispatcher this one runs first.
 *
 * @example pool.compose(traceContext())
 */
export function traceContext(): Dispatcher.DispatcherComposeInterceptor {
  return traceparent((opts) => (opts as BusinessDispatchOptions).call?.traceparent);
}

/**
 * Passes the e-service's Idempotency-Key (`call.idempotencyKey` in the dispatch options) to the business
 * system: a retry after a dropped connection then finds the case the first attempt created.
 *
 * @example pool.compose(idempotencyKey())
 */
export function idempotencyKey(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function idempotencyKey(opts, handler) {
      const key = (opts as BusinessDispatchOptions).call?.idempotencyKey;
      return dispatch(key ? withHeader(opts, 'idempotency-key', key) : opts, handler);
    };
}
