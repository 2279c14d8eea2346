import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Log, silentLog } from '../log.ts';
import type { StatusEvent, StatusNotifier } from '../service/case-service.ts';

export interface WebhookOptions {
  /** Pause before each retry; the list's length is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Signs each delivery so the receiver can tell it came from this system. */
  readonly secret: string;
  readonly fetch?: typeof fetch;
  readonly log?: Log;
}

export interface WebhookNotifier extends StatusNotifier {
  /** Resolves when every delivery started so far has succeeded or given up. */
  idle(): Promise<void>;
  /** Stops retrying, aborts requests in flight and waits for them to settle. Later notifications are dropped. */
  close(): Promise<void>;
}

export const defaultRetryDelaysMs: readonly number[] = [1_000, 5_000, 30_000];

interface Outcome {
  readonly result: 'delivered' | 'retry' | 'give_up';
  /** The receiver's HTTP status, or the error's name when there was no response. */
  readonly reason: string;
}

/**
 * Fire-and-forget status callbacks with a few retries. Deliveries live in memory only: a restart loses
 * the ones still retrying, which is acceptable for notifications the receiver can recover from by reading
 * the case. Headers follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
 * with the secret used as raw UTF-8 bytes for the HMAC-SHA256.
 */
export function createWebhookNotifier(options: WebhookOptions): WebhookNotifier {
  const retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const send = options.fetch ?? fetch;
  const log = options.log ?? silentLog;
  const stop = new AbortController();
  const pending = new Set<Promise<void>>();

  async function attempt(url: string, id: string, body: string): Promise<Outcome> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', options.secret)
      .update(`${id}.${timestamp}.${body}`)
      .digest('base64');
    try {
      const response = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': `v1,${signature}`,
        },
        body,
        // A redirect could move the payload to a host nobody registered.
        redirect: 'manual',
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel();
      const reason = String(response.status);
      if (response.ok) return { result: 'delivered', reason };
      const retry = response.status === 408 || response.status === 429 || response.status >= 500;
      return { result: retry ? 'retry' : 'give_up', reason };
    } catch (error) {
      return { result: 'retry', reason: error instanceof Error ? error.name : 'unknown' };
    }
  }

  async function deliver(url: string, event: StatusEvent): Promise<void> {
    // One id for all attempts, so the receiver can drop a retry it already handled.
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({ caseId: event.caseId, status: event.status, changedAt: event.changedAt });
    // Log the origin only: a callback URL's path or query may hold a token.
    const fields = { caseId: event.caseId, target: URL.parse(url)?.origin ?? 'invalid', webhookId: id };
    let last = 'not_attempted';
    let attempts = 0;
    while (attempts <= retryDelaysMs.length) {
      if (attempts > 0) {
        try {
          await sleep(retryDelaysMs[attempts - 1], undefined, { signal: stop.signal, ref: false });
        } catch {
          break;
        }
      }
      if (stop.signal.aborted) break;
      const outcome = await attempt(url, id, body);
      attempts++;
      last = outcome.reason;
      if (outcome.result === 'delivered') {
        log('webhook_delivered', { ...fields, attempts });
        return;
      }
      if (outcome.result === 'give_up') break;
    }
    log('webhook_failed', { ...fields, attempts, last, stopped: stop.signal.aborted });
  }

  async function idle(): Promise<void> {
    while (pending.size > 0) await Promise.all(pending);
  }

  return {
    notify(url, event) {
      if (stop.signal.aborted) {
        log('webhook_dropped', { caseId: event.caseId });
        return;
      }
      const delivery = deliver(url, event).catch((error: unknown) => {
        log('webhook_error', {
          caseId: event.caseId,
          error: error instanceof Error ? error.name : 'unknown',
        });
      });
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
    },
    idle,
    async close() {
      stop.abort();
      await idle();
    },
  };
}
