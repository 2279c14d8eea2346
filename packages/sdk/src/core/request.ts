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
  /** Milliseconds each attempt may take, the response body included: a finite number above 0. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt: an integer from 0 to 10. */
  readonly maxRetries?: number | undefined;
  /** For a write: your own key, e.g. one stored with a form submission so a resubmit is recognised. */
  readonly idempotencyKey?: string | undefined;
  /** W3C `traceparent` of the work this call belongs to. */
  readonly traceparent?: string | undefined;
  /**
   * Extra headers, e.g. `Accept-Language: en` or `Brygga-Purpose`; they replace the client's by name, in any case.
   * An `Idempotency-Key` here is the call's key (as `idempotencyKey`, which wins if both are given). The SDK's
   * own `Brygga-Version`, `Authorization`, `Content-Type` and `Prefer` cannot be overridden.
   */
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
  /** `Prefer`, e.g. `respond-async` for a submission. */
  readonly prefer?: string | undefined;
}

/** Retries after the first attempt, as `maxRetries` takes them: an integer from 0 to 10. */
export function checkMaxRetries(value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 10)) {
    throw new RangeError(`maxRetries must be an integer from 0 to 10; it is ${value}.`);
  }
}

/** Milliseconds, as `timeoutMs` takes them: a finite number above 0. */
export function checkTimeoutMs(value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`timeoutMs must be a finite number above 0; it is ${value}.`);
  }
}

/**
 * The headers of a call: the client's, then the call's (a name in any case replaces the same name), then the
 * SDK's own, which cannot be overridden. An `Idempotency-Key` among the call's headers is the call's key.
 */
function requestHeaders(transport: Transport, call: Call, method: string) {
  const options = call.options ?? {};
  const headers = new Headers({ accept: 'application/json, application/problem+json' });
  for (const [name, value] of Object.entries(transport.headers)) headers.set(name, value);
  let keyHeader: string | undefined;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers.set(name, value);
    if (name.toLowerCase() === 'idempotency-key') keyHeader = value;
  }
  headers.set('brygga-version', transport.version);
  if (isTraceparent(options.traceparent)) headers.set('traceparent', options.traceparent);
  else if (!isTraceparent(headers.get('traceparent') ?? undefined))
    headers.set('traceparent', transport.traceparent());
  // A client-wide key would give every write the same key: only the call's own counts.
  const idempotencyKey =
    method === 'GET' ? undefined : (options.idempotencyKey ?? keyHeader ?? crypto.randomUUID());
  if (idempotencyKey === undefined) headers.delete('idempotency-key');
  else headers.set('idempotency-key', idempotencyKey);
  headers.delete('content-type');
  if (call.body !== undefined) headers.set('content-type', 'application/json');
  headers.delete('prefer');
  if (call.prefer !== undefined) headers.set('prefer', call.prefer);
  headers.delete('authorization');
  return { headers, idempotencyKey };
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
  checkMaxRetries(options.maxRetries);
  checkTimeoutMs(options.timeoutMs);
  const method = call.method.toUpperCase();
  const { headers, idempotencyKey } = requestHeaders(transport, call, method);
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const maxRetries = options.maxRetries ?? transport.maxRetries;
  const { signal } = options;

  for (let retries = 0; ; retries++) {
    signal?.throwIfAborted();
    headers.set('authorization', `Bearer ${await transport.accessToken()}`);
    const timeout = AbortSignal.timeout(options.timeoutMs ?? transport.timeoutMs);
    let answered: { response: Response; text: string } | undefined;
    let failure: BryggaApiError | undefined;
    try {
      const response = await transport.fetch(call.url, {
        method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      answered = { response, text: await response.text() };
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (BryggaApiError.is(cause)) throw cause;
      failure = timeout.aborted
        ? new TimeoutError({ code: 'timeout', title: 'The gateway did not answer in time.', cause })
        : new ConnectionError({ code: 'connection_error', title: 'Could not reach the gateway.', cause });
    }
    if (answered) {
      const { response, text } = answered;
      // Outside the try: a listener's fault is not the gateway's, so it never fails or repeats the call.
      observe(transport, response.headers);
      const meta: ResponseMeta = {
        requestId: response.headers.get('x-request-id') ?? undefined,
        version: response.headers.get('brygga-version') ?? undefined,
        status: response.status,
        headers: response.headers,
        idempotencyKey,
        retries,
      };
      if (response.ok) return { data: parseBody(text, meta), meta };
      failure = errorFromResponse(response.status, response.headers, text);
    }
    const error = failure as BryggaApiError;
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

/** Hands the response headers to `transport.observe`; an error it throws is reported, never the call's. */
function observe(transport: Transport, headers: Headers): void {
  try {
    transport.observe(headers);
  } catch (error) {
    console.warn('Brygga: the onDeprecation listener threw; the call is not affected.', error);
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
