import { type Adapter, type AdapterContext, OperationError } from '@brygga/contract';
import {
  checkEnvelope,
  type OperationErrorAnswer,
  type ProtocolErrorAnswer,
  protocolName,
  protocolPrefix,
  type RemoteManifest,
} from './protocol.ts';

export interface ServeAdapterOptions {
  /**
   * Decides whether a request may be served, e.g. by comparing its API key with a constant-time check. Refused:
   * 401. Without it every request is served: only for a service on a closed network or behind mutual TLS.
   */
  readonly authenticate?: (request: Request) => boolean | Promise<boolean>;
  /** Largest envelope accepted, in bytes. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Bounds each operation and readiness check. At the deadline the adapter's signal aborts and the call is answered
   * `504 timed_out` at once, whether or not the handler heeds its signal. Default 30 s; the gateway's own limit is
   * usually lower.
   */
  readonly timeoutMs?: number;
  /**
   * Told about every failure of a handler other than a declared `OperationError` (a time limit that ran out
   * included), and of a readiness check, with `operationId` `'(ready)'`, for the service's own log. The
   * caller only learns that the operation failed. Never log the envelope: it carries the personnummer.
   */
  readonly onError?: (error: unknown, operationId: string) => void;
}

/** The `operationId` given to `onError` for a failed readiness check: no operation's id (they are camelCase). */
const readinessCheck = '(ready)';

/** `application/json`, with or without parameters (`; charset=utf-8`); not `application/json-seq`. */
const jsonMediaType = /^application\/json[ \t]*(?:;.*)?$/i;

const traceFormat = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Exposes a local {@link Adapter} over the remote adapter protocol (docs/remote-adapters.md) as a fetch-style
 * handler, for any server that speaks `Request`/`Response` (Hono, Deno, Bun, or `listenAdapter` on node:http).
 * Mounted under any base path: the protocol's paths are found after it.
 *
 * @example
 * const handle = serveAdapter(adapter, { authenticate: (request) => keyMatches(request.headers.get('x-api-key')) });
 * export default { fetch: handle };
 */
export function serveAdapter(
  adapter: Adapter,
  options: ServeAdapterOptions = {},
): (request: Request) => Promise<Response> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const manifest: RemoteManifest = {
    protocol: protocolName,
    contract: adapter.contract,
    contractVersion: adapter.contractVersion,
    operations: Object.keys(adapter.handlers),
  };

  return async function serveAdapter(request) {
    const pathname = new URL(request.url).pathname;
    const at = pathname.indexOf(`${protocolPrefix}/`);
    if (at === -1) return refuse(404, 'not_found', 'There is no such path in the remote adapter protocol.');
    const route = pathname.slice(at + protocolPrefix.length);
    const operationId = route.startsWith('/operations/')
      ? decodePath(route.slice('/operations/'.length))
      : undefined;
    const known = route === '/manifest' || route === '/ready' || operationId !== undefined;
    if (!known) return refuse(404, 'not_found', 'There is no such path in the remote adapter protocol.');
    const allowed = operationId === undefined ? 'GET' : 'POST';
    if (request.method !== allowed) {
      return refuse(405, 'method_not_allowed', `Use ${allowed} here.`, { allow: allowed });
    }
    if (options.authenticate && !(await options.authenticate(request))) {
      return refuse(401, 'unauthenticated', 'The request did not carry valid credentials.');
    }
    if (route === '/manifest') return json(200, manifest);
    if (route === '/ready') return ready(request.signal);
    if (operationId === undefined || !Object.hasOwn(adapter.handlers, operationId)) {
      return refuse(404, 'unknown_operation', 'The adapter has no such operation.');
    }
    return operate(request, operationId);
  };

  async function operate(request: Request, operationId: string): Promise<Response> {
    if (!jsonMediaType.test(request.headers.get('content-type') ?? '')) {
      return refuse(415, 'unsupported_media_type', 'Send the call as application/json.');
    }
    const text = await readLimited(request, maxBodyBytes);
    if (text === undefined) return refuse(413, 'too_large', `The call is larger than ${maxBodyBytes} bytes.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refuse(400, 'invalid_envelope', 'The body is not valid JSON.');
    }
    const checked = checkEnvelope(parsed);
    if (!checked.ok) return refuse(400, 'invalid_envelope', `The call is malformed: ${checked.problem}.`);
    const { request: head, context } = checked.value;
    const header = request.headers.get('idempotency-key');
    if (header !== null && header !== context.idempotencyKey) {
      return refuse(400, 'invalid_envelope', 'The Idempotency-Key header and context.idempotencyKey differ.');
    }
    const trace = request.headers.get('traceparent') ?? '';
    const handler = adapter.handlers[operationId] as NonNullable<(typeof adapter.handlers)[string]>;
    const deadline = startDeadline();
    try {
      const adapterContext: AdapterContext = {
        ...context,
        traceparent: traceFormat.test(trace) ? trace : '',
        signal: AbortSignal.any([request.signal, deadline.signal]),
      };
      const result = await deadline.race(
        (async () => handler({ params: head.params, query: head.query, body: head.body }, adapterContext))(),
      );
      return json(
        200,
        result.status === undefined ? { body: result.body } : { status: result.status, body: result.body },
      );
    } catch (error) {
      if (OperationError.is(error)) {
        const answer: OperationErrorAnswer = {
          error: { code: error.code, ...(error.detail ? { detail: error.detail } : {}) },
        };
        return json(422, answer);
      }
      // Past the deadline any failure is the deadline's: a handler that heeds its signal rejects with its reason.
      if (deadline.signal.aborted) {
        options.onError?.(deadline.signal.reason, operationId);
        return refuse(504, 'timed_out', `The operation did not finish within ${timeoutMs} ms.`);
      }
      options.onError?.(error, operationId);
      return refuse(502, 'adapter_failed', 'The adapter could not complete the operation.');
    } finally {
      deadline.clear();
    }
  }

  async function ready(signal: AbortSignal): Promise<Response> {
    const deadline = startDeadline();
    try {
      await deadline.race((async () => adapter.ready?.(AbortSignal.any([signal, deadline.signal])))());
      return json(200, { status: 'ok' });
    } catch (error) {
      // The error goes to the service's own log only; the caller learns that the adapter is not ready.
      options.onError?.(deadline.signal.aborted ? deadline.signal.reason : error, readinessCheck);
      return refuse(503, 'not_ready', 'The adapter or its business system is not ready.');
    } finally {
      deadline.clear();
    }
  }

  /**
   * A deadline `timeoutMs` from now: its signal aborts with a `TimeoutError` then, and `race` rejects with that
   * reason at the latest then, even for work that never settles (whose later outcome is dropped).
   */
  function startDeadline() {
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new DOMException(`The operation did not finish within ${timeoutMs} ms.`, 'TimeoutError'),
        ),
      timeoutMs,
    );
    const expired = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    expired.catch(() => {});
    return {
      signal: controller.signal,
      race<T>(work: Promise<T>): Promise<T> {
        work.catch(() => {});
        return Promise.race([work, expired]);
      },
      clear: () => clearTimeout(timer),
    };
  }
}

function decodePath(segment: string): string | undefined {
  if (segment === '' || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined when it is longer than `limit` bytes (read no further than that). */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return undefined;
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

function refuse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body: ProtocolErrorAnswer = { error: { code, message } };
  return json(status, body, headers);
}
