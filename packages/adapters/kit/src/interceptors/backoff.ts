/** Delay before retry number `attempt` (0-based): exponential, capped, with "full jitter" when asked. */
export function backoffDelay(
  attempt: number,
  { minDelayMs, maxDelayMs, jitter }: { minDelayMs: number; maxDelayMs: number; jitter: boolean },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
  // Full jitter (a uniform draw below the ceiling) spreads the retries of many callers hit by the same outage.
  return jitter ? Math.floor(random() * ceiling) : ceiling;
}

/** Retry-After (delay-seconds or an HTTP date) in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
