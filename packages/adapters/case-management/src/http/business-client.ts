import type { AdapterContext } from '@brygga/contract';
import { type Dispatcher, Pool } from 'undici';
import {
  type BusinessCall,
  BusinessSystemError,
  type BusinessSystemErrorCode,
  upstreamTokenOf,
} from '../errors.ts';
import {
  type BusinessDispatchOptions,
  bearerAuth,
  type CallMetadata,
  idempotencyKey,
  traceContext,
} from './interceptors.ts';

export interface BusinessClientOptions {
  /** The business system's base URL, e.g. `http://127.0.0.1:7402` (a path prefix is kept). */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Default: a keep-alive `Pool` for the base URL's origin, closed by `close()`. An injected one is not. */
  readonly dispatcher?: Dispatcher | undefined;
  /** The most bytes of a response body read; a longer body is a `bad_response`. Default 10 MiB. */
  readonly maxResponseBytes?: number | undefined;
}

export interface BusinessRequest {
  readonly method: 'GET' | 'POST';
  /** The route template, for errors and logs, e.g. `/api/v2/cases/{id}`: never a concrete path. */
  readonly route: string;
  /** The concrete path below the base URL, with every parameter already encoded. */
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly context: Pick<AdapterContext, 'signal' | 'traceparent'>;
  readonly idempotencyKey?: string | undefined;
  /**
   * A read that travels as a POST (a search with the personnummer in its body, not in a URL): marked idempotent
   * so the kit's retry interceptor retries it like a GET.
   */
  readonly idempotent?: boolean | undefined;
}

export interface BusinessResponse {
  readonly status: number;
  /** The business system's `x-request-id`, when it is a plain token (see {@link upstreamTokenOf}). */
  readonly requestId: string | undefined;
  /** The parsed JSON body; undefined when the body is empty, not JSON, or not labelled as JSON. */
  readonly json: unknown;
  /** The business system's problem `code`, when the body is a problem document with one that is a plain token. */
  readonly problemCode: string | undefined;
}

export interface BusinessClient {
  call(request: BusinessRequest): Promise<BusinessResponse>;
  close(): Promise<void>;
}

const jsonContentType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const defaultMaxResponseBytes = 10 * 1024 * 1024;

/**
 * The one request core under the operations: undici `request` on a pool composed with the auth, trace and
 * idempotency interceptors; the context's signal bounds each call. It turns transport failures into
 * {@link BusinessSystemError}s and leaves status codes to the operations, which know what each one means.
 */
export function createBusinessClient(options: BusinessClientOptions): BusinessClient {
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new TypeError('maxResponseBytes must be a positive integer.');
  }
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const prefix = base.pathname.replace(/\/+$/, '');
  const owned = options.dispatcher === undefined ? new Pool(origin) : undefined;
  const dispatcher = (options.dispatcher ?? owned)?.compose(
    bearerAuth(options.apiKey),
    traceContext(),
    idempotencyKey(),
  ) as Dispatcher;

  return {
    async call(request) {
      const call: BusinessCall = { method: request.method, route: request.route };
      const metadata: CallMetadata = {
        traceparent: request.context.traceparent,
        idempotencyKey: request.idempotencyKey,
      };
      const hasBody = request.body !== undefined;
      const opts: Dispatcher.RequestOptions & BusinessDispatchOptions = {
        origin,
        path: `${prefix}${request.path}`,
        method: request.method,
        headers: hasBody
          ? { accept: 'application/json', 'content-type': 'application/json' }
          : { accept: 'application/json' },
        body: hasBody ? JSON.stringify(request.body) : null,
        signal: request.context.signal,
        call: metadata,
        ...(request.idempotent ? { idempotent: true } : {}),
      };

      let status: number;
      let headers: Record<string, string | string[] | undefined>;
      let text: string | undefined;
      try {
        const response = await dispatcher.request(opts);
        status = response.statusCode;
        headers = response.headers;
        text = await readLimited(response.body, maxBytes);
      } catch (error) {
        throw transportError(error, call, request.context.signal);
      }

      const requestId = upstreamTokenOf(headers['x-request-id']);
      if (text === undefined) {
        // Nothing of the body is kept: only that it was too large.
        throw new BusinessSystemError('bad_response', call, {
          upstreamStatus: status,
          upstreamRequestId: requestId,
          issues: ['(body): too_big'],
        });
      }
      const json = parseJson(headers['content-type'], text);
      return { status, requestId, json, problemCode: problemCodeOf(json) };
    },
    async close() {
      await owned?.close();
    },
  };
}

function transportError(error: unknown, call: BusinessCall, signal: AbortSignal): BusinessSystemError {
  let code: BusinessSystemErrorCode = 'unreachable';
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    code = reason instanceof Error && reason.name === 'TimeoutError' ? 'timeout' : 'aborted';
  } else if (timeoutCodes.has(String((error as { code?: unknown } | null)?.code))) {
    code = 'timeout';
  } else if ((error as { code?: unknown } | null)?.code === 'BRYGGA_CIRCUIT_OPEN') {
    // The kit's open breaker: nothing was sent, and the business system is known to be down for now. By code,
    // not instanceof, so a second copy of the kit is recognised too.
    code = 'unavailable';
  }
  return new BusinessSystemError(code, call, { cause: error });
}

// JSON.parse's message quotes the text, which may hold a personnummer: a failure is only `undefined`.
function parseJson(contentType: string | string[] | undefined, text: string): unknown {
  if (typeof contentType !== 'string' || !jsonContentType.test(contentType) || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemCodeOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  return upstreamTokenOf((json as { code?: unknown }).code);
}

/**
 * The body as text, or undefined (the rest left unread, the connection dropped) once it passes `limit` bytes:
 * the business system cannot make the adapter buffer without end. Errors while reading are thrown as they are.
 */
async function readLimited(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The error for a status the operation has no contract mapping for: 401/403 are the adapter's credentials,
 * 5xx the business system's failure, any other 4xx a request the business system refuses.
 */
export function unexpectedResponse(
  request: BusinessRequest,
  response: BusinessResponse,
): BusinessSystemError {
  const { status } = response;
  const code: BusinessSystemErrorCode =
    status === 401 || status === 403 ? 'unauthorized' : status >= 500 ? 'unavailable' : 'rejected';
  return new BusinessSystemError(
    // A 2xx or 3xx that reaches here is not one the operation expects: unreadable for the adapter.
    status < 400 ? 'bad_response' : code,
    { method: request.method, route: request.route },
    {
      upstreamStatus: status,
      upstreamRequestId: response.requestId,
      upstreamCode: response.problemCode,
    },
  );
}
