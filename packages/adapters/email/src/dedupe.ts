import { createHash } from 'node:crypto';
import { untilAborted } from '@brygga/contract';

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
  /** Aborts the shared work once every caller waiting for it has gone away. */
  readonly controller: AbortController;
  /** Callers still waiting for `result`. */
  waiting: number;
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
 *
 * The work gets a signal of its own, not any caller's: one caller going away never fails the work for the
 * others waiting for it. Each caller's own signal ends only its own wait; the work is aborted once no caller is
 * left waiting, and then forgotten, so the next retry starts it anew.
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

  /**
   * Runs `work` unless `key` ran before with the same fingerprint; throws {@link KeyReusedError} on another.
   * When `signal` aborts, this caller's promise rejects with its reason, whoever else still waits.
   */
  run(
    key: string,
    fingerprint: string,
    work: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#now();
    const known = this.#entries.get(key);
    if (known !== undefined && known.expiresAt > now) {
      if (known.fingerprint !== fingerprint) return Promise.reject(new KeyReusedError());
      return this.#wait(key, known, signal);
    }
    this.#entries.delete(key);
    const controller = new AbortController();
    let result: Promise<T>;
    try {
      result = work(controller.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const entry: Entry<T> = { fingerprint, result, expiresAt: now + this.#ttlMs, controller, waiting: 0 };
    this.#entries.set(key, entry);
    result.catch(() => this.#forget(key, entry));
    // Maps keep insertion order: the first keys are the oldest.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    return this.#wait(key, entry, signal);
  }

  #forget(key: string, entry: Entry<T>): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  /** The entry's result for one caller, who may stop waiting (its signal) without ending the work for others. */
  #wait(key: string, entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined) {
      // A caller that cannot go away keeps the work going for good.
      entry.waiting = Number.POSITIVE_INFINITY;
      return entry.result;
    }
    entry.waiting += 1;
    return untilAborted(entry.result, signal, () => {
      entry.waiting -= 1;
      if (entry.waiting === 0) {
        // Nobody wants the result any more: stop the work, and let a later retry start afresh rather than join
        // work being aborted.
        this.#forget(key, entry);
        entry.controller.abort(signal.reason);
      }
      return signal.reason;
    });
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
