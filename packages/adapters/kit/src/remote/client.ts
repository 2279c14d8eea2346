import {
  type Adapter,
  type AdapterContext,
  type Contract,
  OperationError,
  type OperationHandler,
  type RequestValue,
  untilAborted,
} from '@brygga/contract';
import { type Dispatcher, request } from 'undici';
import { type BusinessDispatcher, createDispatcher, type DispatcherOptions } from '../dispatcher.ts';
import type { CircuitBreakerInterceptor } from '../interceptors/circuit-breaker.ts';
import { RemoteAdapterError } from './errors.ts';
import {
  checkManifest,
  checkOperationError,
  checkSuccess,
  type OperationEnvelope,
  paths,
  type RemoteManifest,
} from './protocol.ts';

export interface RemoteAdapterOptions {
  /** The remote adapter's base URL (http or https); the protocol's paths are appended to it. */
  readonly baseUrl: string;
  /** The contract it serves: one handler per head operation is made from it. */
  readonly contract: Contract;
  /** The head the remote must report in its manifest. Default: the contract's head. */
  readonly contractVersion?: string;
  /**
   * The way to the remote adapter, as to any business system: time limits, retries of idempotent operations, a
   * circuit breaker, authentication (API key, OAuth, mutual TLS) and trace propagation. Created here and closed by
   * `close()`. Default: `createDispatcher()`'s defaults.
   */
  readonly transport?: DispatcherOptions;
  /** A dispatcher already composed by `createDispatcher` instead of `transport`; left open by `close()`. */
  readonly dispatcher?: Dispatcher;
  /** Longest wait for the manifest, however many calls wait for it. Default 10 s. */
  readonly manifestTimeoutMs?: number;
  /** Largest answer read, in bytes; a longer one is a failure. Default 10 MiB. */
  readonly maxAnswerBytes?: number;
}

/** An {@link Adapter} that calls a remote adapter over the protocol, with its readiness check and manifest. */
export interface RemoteAdapter extends Adapter {
  /**
   * Fetches the manifest and checks it against the contract (name, head, operations). Concurrent callers share one
   * fetch; a success is kept, a failure is not (the next call asks again). Rejects with `RemoteAdapterError`:
   * `incompatible` when the remote serves something else, `unreachable`/`bad_answer` otherwise.
   */
  manifest(): Promise<RemoteManifest>;
  /** The manifest check, then `GET …/ready` (the remote's own readiness, e.g. its business system). */
  ready(signal: AbortSignal): Promise<void>;
  /** The breaker of the transport created from `transport`, if it has one. */
  readonly breaker: CircuitBreakerInterceptor | undefined;
  close(): Promise<void>;
}

const idempotentMethods = new Set(['get', 'head', 'put', 'delete', 'options']);
const traceFormat = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * An adapter whose handlers run in another service, reached over the remote adapter protocol
 * (docs/remote-adapters.md) through the kit's dispatcher. The manifest is checked lazily, on the first call, so
 * a remote that is down when the gateway starts costs its calls, not the gateway's start.
 *
 * @example
 * const adapter = remoteAdapter({
 *   baseUrl: 'https://bygglov-adapter.exempel.se',
 *   contract: caseManagement,
 *   transport: { auth: apiKeyHeader({ header: 'x-api-key', value: key }), breaker: { name: 'bygglov' } },
 * });
 */
export function remoteAdapter(options: RemoteAdapterOptions): RemoteAdapter {
  const base = URL.parse(options.baseUrl);
  if (base === null || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
    throw new TypeError('baseUrl must be an http or https URL.');
  }
  if (options.dispatcher && options.transport) {
    throw new TypeError('Pass a transport to create or a dispatcher, not both.');
  }
  const origin = options.baseUrl.replace(/\/+$/, '');
  const { contract } = options;
  const contractVersion = options.contractVersion ?? contract.head.version;
  const maxAnswerBytes = options.maxAnswerBytes ?? 10 * 1024 * 1024;
  const manifestTimeoutMs = options.manifestTimeoutMs ?? 10_000;
  const owned: BusinessDispatcher | undefined = options.dispatcher
    ? undefined
    : createDispatcher(options.transport ?? {});
  const dispatcher = options.dispatcher ?? (owned as BusinessDispatcher).dispatcher;
  const operationIds = [...contract.head.operations.keys()];

  async function send(
    method: 'GET' | 'POST',
    path: string,
    init: {
      signal: AbortSignal;
      body?: string;
      idempotent?: boolean;
      traceparent?: string;
      idempotencyKey?: string | undefined;
    },
  ): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    if (init.traceparent && traceFormat.test(init.traceparent)) headers.traceparent = init.traceparent;
    let response: Dispatcher.ResponseData<unknown>;
    try {
      response = await request(`${origin}${path}`, {
        method,
        headers,
        dispatcher,
        signal: init.signal,
        ...(init.body === undefined ? {} : { body: init.body }),
        // Read by the retry interceptor: the protocol sends every operation as a POST, reads included.
        ...(init.idempotent ? { idempotent: true } : {}),
        // Read by the kit's traceparent interceptor.
        call: { traceparent: init.traceparent },
      } as Parameters<typeof request>[1]);
    } catch (error) {
      if (init.signal.aborted) throw init.signal.reason;
      const code = (error as { code?: unknown }).code;
      throw new RemoteAdapterError(
        'unreachable',
        `The remote adapter could not be reached${typeof code === 'string' ? ` (${code})` : ''}.`,
        { cause: error },
      );
    }
    const { statusCode } = response;
    // Only these two answers are read; any other body is dropped unread, as it may hold personal data.
    if (statusCode !== 200 && statusCode !== 422) {
      await response.body.dump().catch(() => {});
      throw new RemoteAdapterError('bad_answer', `The remote adapter answered ${statusCode}.`, {
        status: statusCode,
      });
    }
    const type = String(response.headers['content-type'] ?? '');
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
      await response.body.dump().catch(() => {});
      throw new RemoteAdapterError('bad_answer', `The remote adapter answered ${statusCode} without JSON.`, {
        status: statusCode,
      });
    }
    const text = await readLimited(response.body, maxAnswerBytes, statusCode, init.signal);
    try {
      return { status: statusCode, json: JSON.parse(text) };
    } catch {
      throw new RemoteAdapterError(
        'bad_answer',
        `The remote adapter answered ${statusCode} with broken JSON.`,
        {
          status: statusCode,
        },
      );
    }
  }

  let checked: Promise<RemoteManifest> | undefined;

  async function fetchManifest(): Promise<RemoteManifest> {
    const answer = await send('GET', paths.manifest, {
      signal: AbortSignal.timeout(manifestTimeoutMs),
      traceparent: '',
    });
    if (answer.status !== 200) {
      throw new RemoteAdapterError(
        'bad_answer',
        `The remote adapter answered ${answer.status} for its manifest.`,
        {
          status: answer.status,
        },
      );
    }
    const parsed = checkManifest(answer.json);
    if (!parsed.ok)
      throw new RemoteAdapterError('incompatible', `The remote adapter's manifest: ${parsed.problem}.`);
    const manifest = parsed.value;
    if (manifest.contract !== contract.name || manifest.contractVersion !== contractVersion) {
      throw new RemoteAdapterError(
        'incompatible',
        `The remote adapter serves ${manifest.contract} ${manifest.contractVersion}, not ${contract.name} ${contractVersion}.`,
      );
    }
    const missing = operationIds.filter((id) => !manifest.operations.includes(id));
    if (missing.length > 0) {
      throw new RemoteAdapterError(
        'incompatible',
        `The remote adapter lacks the operations ${missing.join(', ')} of ${contract.name} ${contractVersion}.`,
      );
    }
    return manifest;
  }

  function manifest(): Promise<RemoteManifest> {
    if (checked === undefined) {
      const pending = fetchManifest();
      checked = pending;
      // A failure is not kept: a remote that was down, or deployed with the wrong head, is asked again next time.
      pending.catch(() => {
        if (checked === pending) checked = undefined;
      });
    }
    return checked;
  }

  function handler(operationId: string): OperationHandler {
    const method = contract.head.operations.get(operationId)?.method ?? 'post';
    const idempotent = idempotentMethods.has(method);
    return async (head: RequestValue, context: AdapterContext) => {
      await untilAborted(manifest(), context.signal);
      const envelope: OperationEnvelope = {
        request: { params: head.params, query: head.query, body: head.body },
        context: {
          requestId: context.requestId,
          eServiceId: context.eServiceId,
          purposeId: context.purposeId,
          ...(context.citizen
            ? { citizen: { personalIdentityNumber: context.citizen.personalIdentityNumber } }
            : {}),
          ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
        },
      };
      const answer = await send('POST', paths.operation(operationId), {
        signal: context.signal,
        body: JSON.stringify(envelope),
        idempotent,
        traceparent: context.traceparent,
        idempotencyKey: context.idempotencyKey,
      });
      if (answer.status === 422) {
        const declared = checkOperationError(answer.json);
        if (!declared.ok) {
          throw new RemoteAdapterError(
            'bad_answer',
            `The remote adapter answered 422: ${declared.problem}.`,
            {
              status: 422,
            },
          );
        }
        const { code, detail } = declared.value.error;
        throw new OperationError(code, detail ? { detail: { sv: detail.sv, en: detail.en } } : {});
      }
      const success = checkSuccess(answer.json);
      if (!success.ok) {
        throw new RemoteAdapterError('bad_answer', `The remote adapter answered 200: ${success.problem}.`, {
          status: 200,
        });
      }
      const { status, body } = success.value;
      return status === undefined ? { body } : { body, status };
    };
  }

  return {
    contract: contract.name,
    contractVersion,
    handlers: Object.fromEntries(operationIds.map((id) => [id, handler(id)])),
    manifest,
    breaker: owned?.breaker,
    async ready(signal) {
      await untilAborted(manifest(), signal);
      const answer = await send('GET', paths.ready, { signal, traceparent: '' });
      if (answer.status !== 200) {
        throw new RemoteAdapterError('bad_answer', `The remote adapter answered ${answer.status} to ready.`, {
          status: answer.status,
        });
      }
    },
    async close() {
      await owned?.close();
    },
  };
}

async function readLimited(
  body: Dispatcher.ResponseData<unknown>['body'],
  limit: number,
  status: number,
  signal: AbortSignal,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        body.destroy();
        throw new RemoteAdapterError(
          'bad_answer',
          `The remote adapter answered ${status} with too large a body.`,
          {
            status,
          },
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof RemoteAdapterError) throw error;
    if (signal.aborted) throw signal.reason;
    throw new RemoteAdapterError('unreachable', `The remote adapter's answer ${status} broke off.`, {
      status,
      cause: error,
    });
  }
  return Buffer.concat(chunks).toString('utf8');
}
