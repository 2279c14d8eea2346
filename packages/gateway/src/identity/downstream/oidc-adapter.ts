import { type Adapter, type AdapterFactory, type AdapterPayload, errors } from 'oidc-provider';
import type { Store } from '../../storage/index.ts';

const table = 'brygga_identity_oidc_records';

/**
 * oidc-provider's storage (sessions, interactions, authorization codes, grants, client-credentials tokens) on
 * the gateway's store, so every instance sharing the database serves the same logins. Expired rows are never
 * returned, and swept now and then; `consume` marks a code used inside its own payload, as the library expects,
 * and refuses (invalid_grant) a code that another request consumed first.
 */
export class OidcStoreAdapter {
  readonly #store: Store;
  readonly #now: () => number;
  #writesSinceSweep = 0;

  constructor(store: Store, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  /** The factory oidc-provider's `adapter` option takes: one adapter per model name. */
  readonly factory: AdapterFactory = (model) => this.#adapter(model);

  #adapter(model: string): Adapter {
    return {
      upsert: async (id, payload, expiresIn) => {
        const expiresAt = typeof expiresIn === 'number' ? this.#now() + expiresIn * 1000 : null;
        await this.#store.execute(
          `INSERT INTO ${table} (model, id, payload, grant_id, uid, user_code, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
             uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`,
          [
            model,
            id,
            JSON.stringify(payload),
            stringOrNull(payload.grantId),
            stringOrNull(payload.uid),
            stringOrNull(payload.userCode),
            expiresAt,
          ],
        );
        await this.#sweepNowAndThen();
      },
      find: (id) => this.#findWhere('model = $1 AND id = $2', [model, id]),
      findByUid: (uid) => this.#findWhere('model = $1 AND uid = $2', [model, uid]),
      findByUserCode: (userCode) => this.#findWhere('model = $1 AND user_code = $2', [model, userCode]),
      consume: async (id) => {
        const [row] = await this.#store.query<{ payload: string; expires_at: number | null }>(
          `SELECT payload, expires_at FROM ${table} WHERE model = $1 AND id = $2`,
          [model, id],
        );
        if (row === undefined || (row.expires_at !== null && row.expires_at <= this.#now())) return;
        const payload = JSON.parse(row.payload) as AdapterPayload;
        if (payload.consumed !== undefined) throw new errors.InvalidGrant(`${model} already consumed`);
        payload.consumed = Math.floor(this.#now() / 1000);
        // One statement decides: it changes the row only if nobody has changed it since it was read, so of two
        // token requests redeeming the same code at once, one consumes it and the other is refused.
        const { rowCount } = await this.#store.execute(
          `UPDATE ${table} SET payload = $3 WHERE model = $1 AND id = $2 AND payload = $4`,
          [model, id, JSON.stringify(payload), row.payload],
        );
        if (rowCount === 0) throw new errors.InvalidGrant(`${model} already consumed`);
      },
      destroy: async (id) => {
        await this.#store.execute(`DELETE FROM ${table} WHERE model = $1 AND id = $2`, [model, id]);
      },
      revokeByGrantId: async (grantId) => {
        await this.#store.execute(`DELETE FROM ${table} WHERE grant_id = $1`, [grantId]);
      },
    };
  }

  async sweep(): Promise<number> {
    this.#writesSinceSweep = 0;
    const { rowCount } = await this.#store.execute(`DELETE FROM ${table} WHERE expires_at <= $1`, [
      this.#now(),
    ]);
    return rowCount;
  }

  async #findWhere(where: string, params: readonly string[]): Promise<AdapterPayload | undefined> {
    const rows = await this.#store.query<{ payload: string; expires_at: number | null }>(
      `SELECT payload, expires_at FROM ${table} WHERE ${where}`,
      params,
    );
    const row = rows.find((each) => each.expires_at === null || each.expires_at > this.#now());
    return row === undefined ? undefined : (JSON.parse(row.payload) as AdapterPayload);
  }

  async #sweepNowAndThen(): Promise<void> {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep >= 200) await this.sweep();
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
