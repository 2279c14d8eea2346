import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../storage/index.ts';

export type TransactionKind = 'login' | 'logout' | 'logout-jti';

const table = 'brygga_identity_transactions';

/**
 * Short-lived, single-use records of a round trip through an identity provider (a login, a logout), and the
 * back-channel logout token ids already seen. Keyed by a hash of the random handle, so the database never
 * holds the value a browser presents; taking a record deletes it in the same statement, so a replayed
 * callback finds nothing, on any instance.
 */
export class TransactionStore {
  readonly #store: Store;
  readonly #now: () => number;
  #writesSincePurge = 0;

  constructor(store: Store, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  /** Stores `payload` and returns the random handle that takes it back. */
  async put(kind: TransactionKind, payload: unknown, ttlMs: number): Promise<string> {
    const handle = randomBytes(32).toString('base64url');
    await this.#store.execute(
      `INSERT INTO ${table} (id_hash, kind, payload, expires_at) VALUES ($1, $2, $3, $4)`,
      [hashOf(kind, handle), kind, JSON.stringify(payload), this.#now() + ttlMs],
    );
    await this.#purgeNowAndThen();
    return handle;
  }

  /** The payload stored under `handle`, removed as it is read; undefined when unknown, used or expired. */
  async take<T>(kind: TransactionKind, handle: string): Promise<T | undefined> {
    if (handle === '' || handle.length > 256) return undefined;
    const [row] = await this.#store.query<{ payload: string; expires_at: number }>(
      `DELETE FROM ${table} WHERE id_hash = $1 AND kind = $2 RETURNING payload, expires_at`,
      [hashOf(kind, handle), kind],
    );
    if (row === undefined || row.expires_at <= this.#now()) return undefined;
    return JSON.parse(row.payload) as T;
  }

  /** Records a one-time value (a token's `jti`); false when it was recorded before and has not expired. */
  async remember(kind: TransactionKind, value: string, expiresAt: number): Promise<boolean> {
    const { rowCount } = await this.#store.execute(
      `INSERT INTO ${table} (id_hash, kind, payload, expires_at) VALUES ($1, $2, '{}', $3)
       ON CONFLICT (id_hash) DO NOTHING`,
      [hashOf(kind, value), kind, Math.max(expiresAt, this.#now() + 60_000)],
    );
    await this.#purgeNowAndThen();
    return rowCount === 1;
  }

  async purge(): Promise<number> {
    this.#writesSincePurge = 0;
    const { rowCount } = await this.#store.execute(`DELETE FROM ${table} WHERE expires_at < $1`, [
      this.#now(),
    ]);
    return rowCount;
  }

  async #purgeNowAndThen(): Promise<void> {
    this.#writesSincePurge += 1;
    if (this.#writesSincePurge >= 100) await this.purge();
  }
}

function hashOf(kind: TransactionKind, handle: string): string {
  return createHash('sha256').update(`${kind}\0${handle}`).digest('base64url');
}
