import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  ConnectionError,
  InvalidRequestError,
  TimeoutError,
} from '../errors/errors.ts';
import { isRetryable, maxRetryAfterMs, parseRetryAfter, retryDelayMs } from './retry.ts';

const failed = (status: number, headers: Record<string, string> = {}) =>
  new (status >= 500 ? ApiError : status === 409 ? ConflictError : InvalidRequestError)({
    code: 'x',
    title: 'x',
    status,
    headers: new Headers(headers),
  });

describe('isRetryable', () => {
  it('retries connection errors, timeouts, 409, 429 and 5xx, and nothing else', () => {
    expect(isRetryable(new ConnectionError({ code: 'connection_error', title: 'x' }))).toBe(true);
    expect(isRetryable(new TimeoutError({ code: 'timeout', title: 'x' }))).toBe(true);
    for (const status of [409, 429, 500, 502, 503, 504])
      expect(isRetryable(failed(status)), `${status}`).toBe(true);
    for (const status of [200, 400, 401, 403, 404, 410, 422])
      expect(isRetryable(failed(status)), `${status}`).toBe(false);
  });

  it('lets Brygga-Should-Retry overrule the status', () => {
    expect(isRetryable(failed(503, { 'brygga-should-retry': 'false' }))).toBe(false);
    expect(isRetryable(failed(400, { 'brygga-should-retry': 'true' }))).toBe(true);
    expect(isRetryable(failed(503, { 'brygga-should-retry': 'maybe' }))).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  it('reads delay seconds and HTTP-dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles from 0.5 s up to 5 s, with jitter between half and all of it, never under 0.5 s', () => {
    const top = () => 0.999_999;
    const bottom = () => 0;
    expect([1, 2, 3, 4, 5, 6, 9].map((retry) => Math.round(retryDelayMs(retry, top) ?? -1))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(retry, bottom))).toEqual([500, 500, 1000, 2000, 2500]);
  });

  it('waits at least what Retry-After asks, and not at all when it asks for more than a minute', () => {
    expect(retryDelayMs(1, () => 0, 3000)).toBe(3000);
    expect(retryDelayMs(4, () => 0.999_999, 100)).toBeCloseTo(4000, 0);
    expect(retryDelayMs(1, () => 0, maxRetryAfterMs)).toBe(maxRetryAfterMs);
    expect(retryDelayMs(1, () => 0, maxRetryAfterMs + 1)).toBeUndefined();
  });
});
