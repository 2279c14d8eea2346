import { createHash } from 'node:crypto';

export interface DedupeOptions {
  /** Most keys remembered; the oldest is forgotten first. Default 10,000. */
  readonly maxEntries?: number | undefined;
  /** How long a key is remembered, in milliseconds. Default 24 hours. */
  readonly ttlMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

interface Entry<T> {
  readonly fingerprint: string;
  readonly result: Promise<T>;
  readonly expiresAt: number;
}

/** The same key came with other content: the caller reused a key for a new message. */
export class KeyReusedError extends Error {
  constructor() {
    super('The idempotency key was used before for other content.');
    this.name = 'KeyReusedError';
  }
}

/**
 * Work done once per key within this process: a retry with the same key (also while the first is still running)
 * gets the first one's result. A failure is forgotten, so the retry does the work. In memory and bounded; a
 * restart forgets, which the durable outbox covers where it is used.
 */
export class Deduplicator<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: DedupeOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Runs `work` unless `key` ran before with the same fingerprint; throws {@link KeyReusedError} on another. */
  run(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const known = this.#entries.get(key);
    if (known !== undefined && known.expiresAt > now) {
      if (known.fingerprint !== fingerprint) return Promise.reject(new KeyReusedError());
      return known.result;
    }
    this.#entries.delete(key);
    const result = work();
    const entry: Entry<T> = { fingerprint, result, expiresAt: now + this.#ttlMs };
    this.#entries.set(key, entry);
    result.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    // Maps keep insertion order: the first keys are the oldest.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    return result;
  }
}

/** A digest of a JSON value that does not depend on the order of object keys. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
