import { type RequestOptions, send, type Transport } from '../core/request.ts';
import { parseRetryAfter } from '../core/retry.ts';
import { ApiError, SubmissionError, TimeoutError } from '../errors/errors.ts';
import type { ReceiptState, ReceiptStatus, WaitOptions } from './types.ts';

/** Between polls when the gateway gives no `Retry-After`. */
const defaultPollMs = 1000;
/** The longest sleep between polls, whatever `Retry-After` says (the gateway may say up to an hour). */
const maxPollMs = 60_000;
/** The least time an attempt to read a receipt gets, however little of the wait is left. */
const minReadMs = 1000;
/** How long `wait` waits when not told: 15 minutes. */
export const defaultWaitMs = 15 * 60_000;

const states: ReadonlySet<string> = new Set<ReceiptState>([
  'accepted',
  'delivering',
  'delivered',
  'failed',
  'dead',
]);

export interface ReceiptClient {
  get(receiptId: string, options?: RequestOptions): Promise<ReceiptStatus>;
  wait(
    receipt: string | { readonly receiptId: string; readonly operation: string },
    options?: WaitOptions,
  ): Promise<unknown>;
}

/**
 * `receipts.get` and `receipts.wait` for a client pinned to `version` of `contract`. Receipts live at
 * `{gatewayUrl}/receipts/{id}`, read with the client's own credentials; the `statusUrl` a receipt names is not
 * followed, so a token is never sent anywhere but the gateway the client was made for.
 */
export function receiptClient(
  transport: Transport,
  gatewayUrl: string,
  contract: string,
  version: string,
): ReceiptClient {
  const base = `${gatewayUrl.replace(/\/+$/, '')}/receipts/`;
  const read = async (receiptId: string, options?: RequestOptions) => {
    const { data, meta } = await send(transport, {
      method: 'get',
      url: base + encodeURIComponent(receiptId),
      body: undefined,
      options,
    });
    const receipt = data as ReceiptStatus | undefined;
    // A state the SDK does not know could be final or not: polling it might never end, so it is refused.
    if (
      typeof receipt?.status !== 'string' ||
      !states.has(receipt.status) ||
      receipt.receiptId !== receiptId
    ) {
      throw new ApiError({
        code: 'invalid_response',
        title: 'The gateway answered with something that is not the receipt asked for.',
        status: meta.status,
        requestId: meta.requestId,
        headers: meta.headers,
      });
    }
    return { receipt, meta };
  };

  return {
    get: async (receiptId, options) => (await read(receiptId, options)).receipt,
    wait: async (given, options = {}) => {
      const { signal, timeoutMs = defaultWaitMs } = options;
      // 0 is allowed: one look, no wait.
      if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
        throw new RangeError(`timeoutMs must be a finite number from 0; it is ${timeoutMs}.`);
      }
      const typed = typeof given === 'object';
      const receiptId = typed ? given.receiptId : given;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Each attempt of a read gets no more than the time left (but a second, so a last look can still be
        // answered), so a slow gateway cannot stretch the wait much.
        const left = Math.max(minReadMs, deadline - Date.now());
        const { receipt, meta } = await read(receiptId, {
          signal,
          timeoutMs: Math.min(transport.timeoutMs, left),
        });
        // The result is typed for the operation at the pinned version: refuse one it is not.
        if (
          typed &&
          (receipt.contract !== contract ||
            receipt.version !== version ||
            receipt.operation !== given.operation)
        ) {
          throw new TypeError(
            `Receipt ${receiptId} is for ${receipt.operation} of ${receipt.contract} at ${receipt.version}; this client calls ${given.operation} of ${contract} at ${version}.`,
          );
        }
        if (receipt.status === 'delivered') {
          if (receipt.result === undefined || receipt.result === null) {
            throw new ApiError({
              code: 'result_unavailable',
              title: 'The submission was delivered, but the gateway did not give its result.',
              status: meta.status,
              requestId: meta.requestId,
              headers: meta.headers,
            });
          }
          return receipt.result.body;
        }
        if (receipt.status === 'failed' || receipt.status === 'dead') {
          throw new SubmissionError({
            code: receipt.problem?.code ?? 'submission_failed',
            title: receipt.problem?.title ?? 'The submission could not be delivered.',
            requestId: meta.requestId,
            headers: meta.headers,
            receipt,
          });
        }
        const delay = Math.min(
          parseRetryAfter(meta.headers.get('retry-after'), Date.now()) ?? defaultPollMs,
          maxPollMs,
        );
        // Polling before the gateway's hint only costs calls, so a wait that cannot see another answer ends now.
        if (Date.now() + delay > deadline) {
          throw new TimeoutError({
            code: 'timeout',
            title: `The submission was not final within ${timeoutMs} ms; it is still ${receipt.status}.`,
            requestId: meta.requestId,
            headers: meta.headers,
          });
        }
        await transport.sleep(delay, signal);
      }
    },
  };
}
