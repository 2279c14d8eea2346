import { type BryggaApiError, ConnectionError } from '../errors/errors.ts';

const initialDelayMs = 500;
const maxDelayMs = 5000;
/** A server asking for a longer wait than this is not waited for: the call fails and the caller decides. */
export const maxRetryAfterMs = 60_000;

/**
 * Whether a failed attempt may be repeated (stripe-node's rule): connection errors and timeouts, 409, 429 and
 * 5xx; the gateway's `Brygga-Should-Retry: true|false` overrides the status. Writes carry the same
 * idempotency key on every attempt, so a repeat never acts twice. Pure.
 */
export function isRetryable(error: BryggaApiError): boolean {
  const hint = error.headers?.get('brygga-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  const status = error.status;
  if (status === undefined) return ConnectionError.is(error);
  return status === 409 || status === 429 || status >= 500;
}

/**
 * Milliseconds from `Retry-After` (delay seconds or an HTTP-date) at `now`; undefined when absent or unreadable.
 * Pure.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  // Only an HTTP-date (`Fri, 27 Nov 2026 10:00:07 GMT`): Date.parse would read `-1` as a year.
  const at = /^[a-z]{3}, /i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before retry number `retry` (1 for the first): exponential from 0.5 s, capped at 5 s, with
 * jitter between half and all of it (never under 0.5 s), and never sooner than the server's `Retry-After`.
 * Undefined when the server asks for more than a minute: then the call gives up. Pure: `random` is injected.
 */
export function retryDelayMs(retry: number, random: () => number, retryAfterMs?: number): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return undefined;
  const backoff = Math.min(initialDelayMs * 2 ** (retry - 1), maxDelayMs) * (0.5 + random() / 2);
  return Math.max(initialDelayMs, backoff, retryAfterMs ?? 0);
}
