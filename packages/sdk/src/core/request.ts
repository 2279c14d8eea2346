import { ApiError, BryggaApiError, ConnectionError, TimeoutError } from '../errors/errors.ts';
import { errorFromResponse } from '../errors/from-response.ts';
import { isRetryable, parseRetryAfter, retryDelayMs } from './retry.ts';
import { isTraceparent } from './trace.ts';

/** What a call's response said about itself. */
export interface ResponseMeta {
  /** The gateway's `X-Request-Id`: quote it when asking for help. */
  readonly requestId: string | undefined;
  /** The contract version that served the call (`Brygga-Version`). */
  readonly version: string | undefined;
  readonly status: number;
  readonly headers: Headers;
  /** The key every attempt of a write carried. */
  readonly idempotencyKey: string | undefined;
  /** Retries before this response (0 when the first attempt answered). */
  readonly retries: number;
}

/** Per-call options, the second argument of every operation method. */
export interface RequestOptions {
  /** Cancels the call, including a wait between retries; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds each attempt may take, the response body included. */
  readonly timeoutMs?: number | undefined;
  readonly maxRetries?: number | undefined;
  /** For a write: your own key, e.g. one stored with a form submission so a resubmit is recognised. */
  readonly idempotencyKey?: string | undefined;
  /** W3C `traceparent` of the work this call belongs to. */
  readonly traceparent?: string | undefined;
  /** Extra headers, e.g. `Accept-Language: en` or `Brygga-Purpose`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The client-wide settings the request loop needs; every clock and random source is injectable for tests. */
export interface Transport {
  readonly fetch: typeof globalThis.fetch;
  readonly accessToken: () => string | Promise<string>;
  readonly version: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly traceparent: () => string;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  /** Sees the headers of every response, failed ones included (deprecation notices). */
  readonly observe: (headers: Headers) => void;
}

export interface Call {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly options: RequestOptions | undefined;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', done);
      resolve();
    }, ms);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One operation call: attempts, typed errors, retries with backoff. Every attempt carries the pinned version,
 * a fresh access token, the call's trace context and, for writes, one idempotency key for all attempts.
 */
export async function send(transport: Transport, call: Call): Promise<{ data: unknown; meta: ResponseMeta }> {
  const options = call.options ?? {};
  const method = call.method.toUpperCase();
  const idempotencyKey = method === 'GET' ? undefined : (options.idempotencyKey ?? crypto.randomUUID());
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'brygga-version': transport.version,
    traceparent: isTraceparent(options.traceparent) ? options.traceparent : transport.traceparent(),
    ...transport.headers,
    ...options.headers,
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let body: string | undefined;
  if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  const maxRetries = options.maxRetries ?? transport.maxRetries;
  const { signal } = options;

  for (let retries = 0; ; retries++) {
    signal?.throwIfAborted();
    headers.authorization = `Bearer ${await transport.accessToken()}`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? transport.timeoutMs);
    let error: BryggaApiError;
    try {
      const response = await transport.fetch(call.url, {
        method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      transport.observe(response.headers);
      const text = await response.text();
      const meta: ResponseMeta = {
        requestId: response.headers.get('x-request-id') ?? undefined,
        version: response.headers.get('brygga-version') ?? undefined,
        status: response.status,
        headers: response.headers,
        idempotencyKey,
        retries,
      };
      if (response.ok) return { data: parseBody(text, meta), meta };
      error = errorFromResponse(response.status, response.headers, text);
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (BryggaApiError.is(cause)) throw cause;
      error = timeout.aborted
        ? new TimeoutError({ code: 'timeout', title: 'The gateway did not answer in time.', cause })
        : new ConnectionError({ code: 'connection_error', title: 'Could not reach the gateway.', cause });
    }
    const delay =
      retries < maxRetries && isRetryable(error)
        ? retryDelayMs(
            retries + 1,
            transport.random,
            parseRetryAfter(error.headers?.get('retry-after'), Date.now()),
          )
        : undefined;
    if (delay === undefined) throw error;
    await transport.sleep(delay, signal);
  }
}

/** A success body as JSON (empty: undefined). Not JSON is the gateway's fault and is not retried: it acted. */
function parseBody(text: string, meta: ResponseMeta): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ApiError({
      code: 'invalid_response',
      title: 'The gateway answered with a body that is not JSON.',
      status: meta.status,
      requestId: meta.requestId,
      headers: meta.headers,
      cause,
    });
  }
}
