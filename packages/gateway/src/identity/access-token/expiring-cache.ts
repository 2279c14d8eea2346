/**
 * A map whose entries carry their own expiry and whose size is bounded. Evicts the oldest insertion first
 * (not the least recently used: a hit then costs a single lookup, and an evicted token costs only one more
 * verification). An entry is never returned at or after its expiry.
 */
export class ExpiringCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now < entry.expiresAt) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}
