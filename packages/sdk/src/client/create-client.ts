import type { Contract, VersionId } from '@brygga/contract';
import {
  announceOnce,
  type DeprecationListener,
  readLifecycle,
  warnDeprecation,
} from '../core/deprecation.ts';
import {
  checkMaxRetries,
  checkTimeoutMs,
  type RequestOptions,
  type ResponseMeta,
  send,
  sleep,
  type Transport,
} from '../core/request.ts';
import { isTraceparent, newTraceparent } from '../core/trace.ts';
import { operationUrl } from '../core/url.ts';
import { AcceptedForDeliveryError, ApiError } from '../errors/errors.ts';
import { receiptClient } from './receipts.ts';
import type { Client, Receipt } from './types.ts';

export interface ClientOptions<C extends Contract, V extends string = VersionId<C>> {
  /** Where the gateway is, e.g. `https://brygga.stad.se` (operations are under `/api/{contract}`). */
  readonly gatewayUrl: string | URL;
  /** The contract definition, e.g. `caseManagement` from `@brygga/contract-case-management`. */
  readonly contract: C;
  /**
   * The contract version the e-service is built against; sent with every call, never changed silently. One of
   * the contract's versions, written as a literal: the client's types are that version's.
   */
  readonly version: V;
  /** A citizen's access token, or a function giving the current one (called before every attempt). */
  readonly accessToken: string | (() => string | Promise<string>);
  /** Default: the global `fetch`, looked up at each call (so test interceptors installed later still apply). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Milliseconds each attempt may take: a finite number above 0. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt: an integer from 0 to 10. Default 2. */
  readonly maxRetries?: number | undefined;
  /** Hears once per contract version that it is deprecated or will be retired. Default: `console.warn`. */
  readonly onDeprecation?: DeprecationListener | undefined;
  /** Trace context to propagate, or a function giving the current one; else a new trace per call. */
  readonly traceparent?: string | (() => string | undefined) | undefined;
  /**
   * Headers for every call, e.g. `{ 'Accept-Language': 'en' }` for English problem titles. A call's `headers`
   * replace these by name, in any case. The SDK's own (`Brygga-Version`, `Authorization`, `Idempotency-Key`,
   * `Content-Type`, `Prefer`) are always its own: give `version`, `accessToken` or a call's `idempotencyKey`.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Waits between retries. Injectable so tests never wait on real time. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** The jitter source, in [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

const reserved = new Set(['withResponse', 'lastResponse', 'submit', 'receipts']);

/**
 * A typed client for one contract at one pinned version, typed as that version takes and answers calls:
 * `client.createCase({ body })`, `client.getCase({ params: { caseId } })`. Calls reject with a
 * {@link BryggaApiError} subclass. `client.submit.createCase(…)` sends a write for delivery later and resolves
 * with a receipt; `client.receipts.wait(receipt)` resolves with its result.
 *
 * @example
 * const cases = createClient({ gatewayUrl, contract: caseManagement, version: '2026-12-01', accessToken });
 * const created = await cases.createCase({ body: application });
 */
export function createClient<C extends Contract, const V extends VersionId<C>>(
  options: ClientOptions<C, V>,
): Client<C, V> {
  const { contract, version, accessToken, traceparent } = options;
  const pinned = contract.resolve(version);
  if (!pinned) {
    throw new RangeError(
      `Contract "${contract.name}" has no version "${version}"; it has ${contract.versionIds.join(', ')}.`,
    );
  }
  checkMaxRetries(options.maxRetries);
  checkTimeoutMs(options.timeoutMs);
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
  const submit: Record<string, unknown> = {};

  for (const id of Object.keys(contract.operations)) {
    if (reserved.has(id)) throw new TypeError(`An operation may not be called "${id}" in the SDK.`);
    const operation = pinned.operations.get(id);
    const call = async (
      input: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } = {},
      callOptions?: RequestOptions,
      prefer?: string,
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
        prefer,
      });
      lastResponse = result.meta;
      return { data: result.data, response: result.meta };
    };
    // A plain call answered with a receipt (the registration delivers through the outbox) must not pass the
    // receipt off as the operation's result, nor look retryable: it is accepted, so it says so, receipt in hand.
    const direct = async (input?: Parameters<typeof call>[0], callOptions?: RequestOptions) => {
      const result = await call(input, callOptions);
      const receipt = result.data as Omit<Receipt, 'operation'> | undefined;
      if (result.response.status === 202 && typeof receipt?.receiptId === 'string') {
        throw new AcceptedForDeliveryError({
          code: 'accepted_for_delivery',
          title: 'The gateway accepted the call for later delivery; follow its receipt.',
          status: 202,
          requestId: result.response.requestId,
          headers: result.response.headers,
          receipt: { ...receipt, operation: id },
        });
      }
      return result;
    };
    withResponse[id] = direct;
    methods[id] = async (...args: Parameters<typeof direct>) => (await direct(...args)).data;
    if (contract.operations[id]?.method === 'get') continue;
    submit[id] = async (
      input: Parameters<typeof call>[0],
      callOptions?: RequestOptions,
    ): Promise<Receipt> => {
      const { data, response } = await call(input, callOptions, 'respond-async');
      const receipt = data as Omit<Receipt, 'operation'> | undefined;
      if (response.status !== 202 || typeof receipt?.receiptId !== 'string') {
        // Not a receipt: the gateway may have carried the call out at once, so this is not retried here; a
        // repeat with the same idempotency key (your own `idempotencyKey`) cannot act twice.
        throw new ApiError({
          code: 'unexpected_response',
          title: 'The gateway answered the submission without a receipt.',
          status: response.status,
          requestId: response.requestId,
          headers: response.headers,
        });
      }
      return { ...receipt, operation: id };
    };
  }
  return Object.defineProperties(methods, {
    withResponse: { value: withResponse },
    submit: { value: submit },
    receipts: { value: receiptClient(transport, gatewayUrl, contract.name, version) },
    lastResponse: { get: () => lastResponse },
  }) as Client<C, V>;
}
