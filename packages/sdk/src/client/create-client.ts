import type { Contract } from '@brygga/contract';
import {
  announceOnce,
  type DeprecationListener,
  readLifecycle,
  warnDeprecation,
} from '../core/deprecation.ts';
import { type RequestOptions, type ResponseMeta, send, sleep, type Transport } from '../core/request.ts';
import { isTraceparent, newTraceparent } from '../core/trace.ts';
import { operationUrl } from '../core/url.ts';
import type { Client } from './types.ts';

export interface ClientOptions<C extends Contract> {
  /** Where the gateway is, e.g. `https://brygga.stad.se` (operations are under `/api/{contract}`). */
  readonly gatewayUrl: string | URL;
  /** The contract definition, e.g. `caseManagement` from `@brygga/contract-case-management`. */
  readonly contract: C;
  /** The contract version the e-service is built against; sent with every call, never changed silently. */
  readonly version: string;
  /** A citizen's access token, or a function giving the current one (called before every attempt). */
  readonly accessToken: string | (() => string | Promise<string>);
  /** Default: the global `fetch`, looked up at each call (so test interceptors installed later still apply). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Milliseconds each attempt may take. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  readonly maxRetries?: number | undefined;
  /** Hears once per contract version that it is deprecated or will be retired. Default: `console.warn`. */
  readonly onDeprecation?: DeprecationListener | undefined;
  /** Trace context to propagate, or a function giving the current one; else a new trace per call. */
  readonly traceparent?: string | (() => string | undefined) | undefined;
  /** Headers for every call, e.g. `{ 'Accept-Language': 'en' }` for English problem titles. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Waits between retries. Injectable so tests never wait on real time. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** The jitter source, in [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

const reserved = new Set(['withResponse', 'lastResponse']);

/**
 * A typed client for one contract at one pinned version: `client.createCase({ body })`,
 * `client.getCase({ params: { caseId } })`. Calls reject with a {@link BryggaApiError} subclass.
 *
 * @example
 * const cases = createClient({ gatewayUrl, contract: caseManagement, version: '2026-11-01', accessToken });
 * const created = await cases.createCase({ body: application });
 */
export function createClient<C extends Contract>(options: ClientOptions<C>): Client<C> {
  const { contract, version, accessToken, traceparent } = options;
  const pinned = contract.resolve(version);
  if (!pinned) {
    throw new RangeError(
      `Contract "${contract.name}" has no version "${version}"; it has ${contract.versionIds.join(', ')}.`,
    );
  }
  const listener = options.onDeprecation ?? warnDeprecation;
  const transport: Transport = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    accessToken: typeof accessToken === 'string' ? () => accessToken : accessToken,
    version,
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
    traceparent: () => {
      const given = typeof traceparent === 'function' ? traceparent() : traceparent;
      return isTraceparent(given) ? given : newTraceparent();
    },
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    observe: (headers) => {
      const lifecycle = readLifecycle(headers);
      const served = headers.get('brygga-version') ?? version;
      if (lifecycle) announceOnce(listener, { contract: contract.name, version: served, ...lifecycle });
    },
  };
  const gatewayUrl = String(options.gatewayUrl);
  let lastResponse: ResponseMeta | undefined;
  const methods: Record<string, unknown> = {};
  const withResponse: Record<string, unknown> = {};

  for (const id of Object.keys(contract.operations)) {
    if (reserved.has(id)) throw new TypeError(`An operation may not be called "${id}" in the SDK.`);
    const operation = pinned.operations.get(id);
    const call = async (
      input: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } = {},
      callOptions?: RequestOptions,
    ) => {
      if (!operation) {
        throw new TypeError(
          `Operation "${id}" does not exist at version ${version} of "${contract.name}"; pin a newer version.`,
        );
      }
      const url = operationUrl(gatewayUrl, contract.name, operation.path, input.params, input.query);
      const result = await send(transport, {
        method: operation.method,
        url,
        body: input.body,
        options: callOptions,
      });
      lastResponse = result.meta;
      return { data: result.data, response: result.meta };
    };
    withResponse[id] = call;
    methods[id] = async (...args: Parameters<typeof call>) => (await call(...args)).data;
  }
  return Object.defineProperties(methods, {
    withResponse: { value: withResponse },
    lastResponse: { get: () => lastResponse },
  }) as Client<C>;
}
