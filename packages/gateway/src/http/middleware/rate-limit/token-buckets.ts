/** How fast a key may go: `burst` requests at once, then `perMinute` on average. */
export interface RateLimitRule {
  /** Requests allowed at once (the bucket's size). */
  readonly burst: number;
  /** Requests allowed per minute once the burst is spent (the refill rate). */
  readonly perMinute: number;
}

export interface TokenBucketsOptions {
  readonly rule: RateLimitRule;
  /** Most keys remembered; past it the least recently seen is forgotten. Default 10,000. */
  readonly maxKeys?: number;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
}

export type TakeResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export const defaultMaxKeys = 10_000;

/**
 * Token buckets by key, in memory, with no timer: a bucket is refilled from the time passed when it is next
 * used. A bucket idle long enough to be full again is the same as no bucket, so it is dropped; the map is also
 * capped (least recently used out first), so a flood of new addresses cannot grow it without bound.
 */
export class TokenBuckets {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** Insertion order is recency order: a used bucket is moved to the end. */
  readonly #buckets = new Map<string, Bucket>();
  readonly #idleMs: number;
  #sweptAt: number;

  constructor(options: TokenBucketsOptions) {
    const { burst, perMinute } = options.rule;
    if (!(Number.isInteger(burst) && burst >= 1)) throw new RangeError('burst must be a whole number ≥ 1');
    if (!(perMinute > 0 && Number.isFinite(perMinute))) throw new RangeError('perMinute must be > 0');
    this.#burst = burst;
    this.#perMs = perMinute / 60_000;
    this.#maxKeys = options.maxKeys ?? defaultMaxKeys;
    this.#now = options.now ?? Date.now;
    this.#idleMs = Math.ceil(burst / this.#perMs);
    this.#sweptAt = this.#now();
  }

  /** Takes one token for `key`, or says how many whole seconds until one is there. */
  take(key: string): TakeResult {
    const now = this.#now();
    this.#sweep(now);
    const existing = this.#buckets.get(key);
    const bucket: Bucket = existing ?? { tokens: this.#burst, at: now };
    // A clock that steps back refills nothing, and never takes tokens away.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsed * this.#perMs);
    bucket.at = now;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (!oldest.done) this.#buckets.delete(oldest.value);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)),
    };
  }

  /** Buckets held now (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Drops the buckets idle long enough to be full again, at most once per idle period. */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#idleMs) return;
    this.#sweptAt = now;
    // Oldest first: stop at the first bucket used recently, everything after it is more recent still.
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.at < this.#idleMs) break;
      this.#buckets.delete(key);
    }
  }
}
