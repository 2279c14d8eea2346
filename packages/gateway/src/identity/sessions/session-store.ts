import { randomBytes } from 'node:crypto';
import type { Queryable, Store } from '../../storage/index.ts';
import type { UpstreamIdentity } from '../upstream/complete-login.ts';
import type { SealedBox } from './sealed-box.ts';
import { judgeSession, type SessionPolicy, type SessionVerdict, touchIntervalMs } from './session-policy.ts';

/** How a session ended; stored, and logged as `reason`. */
export type EndReason =
  | 'logout'
  | 'backchannel'
  | 'idle'
  | 'expired'
  | 'replaced'
  | 'account_changed'
  | 'provider_session_gone';

type SessionRow = {
  readonly ref: string;
  readonly op_session_uid: string | null;
  readonly citizen_ref: string;
  readonly number_sealed: string | null;
  readonly provider_id: string;
  readonly upstream_sub: string;
  readonly upstream_sid: string | null;
  readonly upstream_id_token_sealed: string | null;
  readonly acr: string;
  readonly auth_time: number;
  readonly created_at: number;
  readonly last_seen_at: number;
  readonly expires_at: number;
  readonly ended_at: number | null;
  readonly end_reason: string | null;
};

/** A session as the rest of the gateway sees it: references, no personal data. */
export interface SessionSummary {
  readonly ref: string;
  readonly opSessionUid: string | null;
  readonly citizenRef: string;
  readonly providerId: string;
  readonly acr: string;
  readonly verdict: SessionVerdict;
}

/** What is left to do upstream once a session has ended: the provider, and the ID token to hint with. */
export interface EndedSession {
  readonly ref: string;
  readonly opSessionUid: string | null;
  readonly providerId: string;
  readonly upstreamIdToken: string | undefined;
}

/** A session that has just ended, for the audit log: the number is read before it is erased. */
export interface SessionEnd {
  readonly number: string;
  readonly reason: EndReason;
  readonly providerId: string;
  /** The e-service that asked for the logout, when one did. */
  readonly eService: string | undefined;
}

export interface SessionStoreOptions {
  readonly store: Store;
  readonly box: SealedBox;
  readonly policy: SessionPolicy;
  readonly now?: () => number;
  /**
   * Told of every session this store ends (logout, back-channel, timeouts found on a read, replaced), after the
   * end has committed. It should not reject: the session has ended whatever it does.
   */
  readonly onEnded?: (ended: readonly SessionEnd[]) => Promise<void>;
  /**
   * How long `identityNumber` may answer from memory, in milliseconds; 0 (the default) reads the store every time.
   * A session ended on another instance may still be served here for up to this long; one ended through this
   * store is forgotten at once.
   */
  readonly cacheMs?: number;
  /** Most sessions remembered at once; the oldest is forgotten first. Default 10,000. */
  readonly cacheEntries?: number;
}

/** A personnummer remembered for a short while, with the moment after which the store must be read again. */
interface CachedNumber {
  readonly number: string;
  readonly until: number;
}

/** What `#end` read and erased: the session for the caller, the number only for `onEnded`. */
interface EndedRow {
  readonly session: EndedSession;
  readonly number: string | undefined;
}

const table = 'brygga_identity_sessions';
const columns =
  'ref, op_session_uid, citizen_ref, number_sealed, provider_id, upstream_sub, upstream_sid, upstream_id_token_sealed, acr, auth_time, created_at, last_seen_at, expires_at, ended_at, end_reason';
/** Ended and expired rows are kept this long (for tracing a logout), then deleted. */
const keepEndedMs = 24 * 60 * 60_000;

/**
 * Citizen login sessions, in the shared store so every gateway instance sees the same state. The personnummer
 * and the provider's ID token are sealed; ending a session erases both at once. Timeouts are judged on every
 * read, so an idle or expired session is refused (and ended) wherever it is next used.
 */
export class SessionStore {
  readonly #store: Store;
  readonly #box: SealedBox;
  readonly #policy: SessionPolicy;
  readonly #now: () => number;
  readonly #touchIntervalMs: number;
  readonly #onEnded: SessionStoreOptions['onEnded'];
  readonly #cacheMs: number;
  readonly #cacheEntries: number;
  readonly #cache = new Map<string, CachedNumber>();
  /** Moves on every end, so a read that raced an end does not remember what the end erased. */
  #endings = 0;
  #createsSincePurge = 0;

  constructor(options: SessionStoreOptions) {
    this.#store = options.store;
    this.#box = options.box;
    this.#policy = options.policy;
    this.#now = options.now ?? Date.now;
    this.#onEnded = options.onEnded;
    // Throttled writes may make a session look idle up to one interval early: keep that a small share of it.
    this.#touchIntervalMs = Math.min(touchIntervalMs, Math.floor(options.policy.idleMs / 10));
    this.#cacheMs = Math.max(0, options.cacheMs ?? 0);
    this.#cacheEntries = Math.max(1, options.cacheEntries ?? 10_000);
  }

  get policy(): SessionPolicy {
    return this.#policy;
  }

  /** A new session for a completed login, not yet tied to the browser's OpenID Provider session. */
  async create(identity: UpstreamIdentity, citizen: string): Promise<string> {
    const ref = randomBytes(24).toString('base64url');
    const now = this.#now();
    // The absolute limit counts from the authentication itself, as the OpenID Provider's session does.
    const since = Math.min(now, identity.authTime * 1000);
    await this.#store.execute(
      `INSERT INTO ${table} (ref, op_session_uid, citizen_ref, number_sealed, provider_id, upstream_sub, upstream_sid,
         upstream_id_token_sealed, acr, auth_time, created_at, last_seen_at, expires_at, ended_at, end_reason)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, NULL, NULL)`,
      [
        ref,
        citizen,
        this.#box.seal(identity.number, `number:${ref}`),
        identity.providerId,
        identity.sub,
        identity.sid ?? null,
        this.#box.seal(identity.idToken, `id_token:${ref}`),
        identity.acr,
        identity.authTime,
        now,
        since + this.#policy.absoluteMs,
      ],
    );
    this.#createsSincePurge += 1;
    if (this.#createsSincePurge >= 100) await this.purge();
    return ref;
  }

  /**
   * Ties a session to the OpenID Provider session of the browser that finished the login. Any other session
   * still tied to it (an earlier login in the same browser) ends: one browser, one current login.
   */
  async bind(ref: string, opSessionUid: string): Promise<EndedSession[]> {
    const now = this.#now();
    const replaced = await this.#store.transaction(async (tx) => {
      const ended = await this.#end(
        tx,
        'op_session_uid = $1 AND ref <> $2 AND ended_at IS NULL',
        [opSessionUid, ref],
        'replaced',
        now,
      );
      await tx.execute(`UPDATE ${table} SET op_session_uid = $1 WHERE ref = $2 AND ended_at IS NULL`, [
        opSessionUid,
        ref,
      ]);
      return ended;
    });
    return this.#reportEnded(replaced, 'replaced');
  }

  /** The current session of an OpenID Provider session; ends it first if a timeout has passed. */
  async forOpSession(opSessionUid: string): Promise<SessionSummary | undefined> {
    const rows = await this.#store.query<SessionRow>(
      `SELECT ${columns} FROM ${table} WHERE op_session_uid = $1 AND ended_at IS NULL ORDER BY created_at DESC`,
      [opSessionUid],
    );
    const row = rows[0];
    return row === undefined ? undefined : this.#judged(row);
  }

  async get(ref: string): Promise<SessionSummary | undefined> {
    const [row] = await this.#store.query<SessionRow>(`SELECT ${columns} FROM ${table} WHERE ref = $1`, [
      ref,
    ]);
    return row === undefined ? undefined : this.#judged(row);
  }

  /** Marks use of an active session, at most once per touch interval. */
  async touch(ref: string): Promise<void> {
    const now = this.#now();
    await this.#store.execute(
      `UPDATE ${table} SET last_seen_at = $2 WHERE ref = $1 AND ended_at IS NULL AND last_seen_at < $3`,
      [ref, now, now - this.#touchIntervalMs],
    );
  }

  /**
   * The citizen's personnummer, for a business-system call on their behalf; undefined when the session has
   * ended or timed out. Counts as use of the session.
   *
   * With `cacheMs`, an answer is remembered until the earliest of: `cacheMs` from now, the absolute expiry, and
   * the moment the next touch is due. So a session in steady use is still touched at the usual interval (its idle
   * timeout holds on every instance as without the cache), and no answer outlives a timeout the store would give.
   */
  async identityNumber(ref: string): Promise<string | undefined> {
    const now = this.#now();
    if (this.#cacheMs > 0) {
      const cached = this.#cache.get(ref);
      if (cached !== undefined) {
        if (now < cached.until) return cached.number;
        this.#cache.delete(ref);
      }
    }
    const endings = this.#endings;
    const [row] = await this.#store.query<SessionRow>(`SELECT ${columns} FROM ${table} WHERE ref = $1`, [
      ref,
    ]);
    if (row === undefined) return undefined;
    const summary = await this.#judged(row);
    if (summary.verdict !== 'active' || row.number_sealed === null) return undefined;
    // Touched only when due: the UPDATE would match nothing otherwise, but still cost a write statement.
    const touchDue = row.last_seen_at < now - this.#touchIntervalMs;
    if (touchDue) await this.touch(ref);
    const number = this.#box.open(row.number_sealed, `number:${ref}`);
    if (number !== undefined && this.#cacheMs > 0 && endings === this.#endings) {
      const lastSeenAt = touchDue ? now : row.last_seen_at;
      this.#remember(ref, {
        number,
        until: Math.min(now + this.#cacheMs, row.expires_at, lastSeenAt + this.#touchIntervalMs),
      });
    }
    return number;
  }

  #remember(ref: string, entry: CachedNumber): void {
    if (this.#cache.size >= this.#cacheEntries) {
      // Map keeps insertion order: the first key is the oldest entry.
      const oldest = this.#cache.keys().next();
      if (oldest.done !== true) this.#cache.delete(oldest.value);
    }
    this.#cache.set(ref, entry);
  }

  /** Forgets remembered numbers of sessions this store is ending, before and after the end commits. */
  #forget(refs: Iterable<string>): void {
    this.#endings += 1;
    for (const ref of refs) this.#cache.delete(ref);
  }

  /** Ends one session. Returns what is needed to log out upstream too (nothing if it had already ended). */
  async end(ref: string, reason: EndReason): Promise<EndedSession | undefined> {
    const ended = await this.#store.transaction((tx) =>
      this.#end(tx, 'ref = $1 AND ended_at IS NULL', [ref], reason, this.#now()),
    );
    const [session] = await this.#reportEnded(ended, reason);
    return session;
  }

  /** Ends every current session of an OpenID Provider session; `eService` is the one that asked, if any. */
  async endForOpSession(
    opSessionUid: string,
    reason: EndReason,
    eService?: string | undefined,
  ): Promise<EndedSession[]> {
    const ended = await this.#store.transaction((tx) =>
      this.#end(tx, 'op_session_uid = $1 AND ended_at IS NULL', [opSessionUid], reason, this.#now()),
    );
    return this.#reportEnded(ended, reason, eService);
  }

  /**
   * Ends the sessions a provider's back-channel logout names: by its `sid` when given (with `sub` too, also the
   * subject's sessions that have no sid), else by `sub`.
   */
  async endForUpstream(
    providerId: string,
    who: { sid: string | undefined; sub: string | undefined },
    reason: EndReason,
  ): Promise<EndedSession[]> {
    const now = this.#now();
    const ended = await this.#store.transaction((tx) => {
      if (who.sid !== undefined) {
        if (who.sub === undefined) {
          return this.#end(
            tx,
            'provider_id = $1 AND upstream_sid = $2 AND ended_at IS NULL',
            [providerId, who.sid],
            reason,
            now,
          );
        }
        // The subject's sessions whose ID token named no sid cannot be told apart from the one named: they end
        // too, rather than outlive a logout the provider was told succeeded.
        return this.#end(
          tx,
          'provider_id = $1 AND upstream_sub = $3 AND (upstream_sid = $2 OR upstream_sid IS NULL) AND ended_at IS NULL',
          [providerId, who.sid, who.sub],
          reason,
          now,
        );
      }
      return this.#end(
        tx,
        'provider_id = $1 AND upstream_sub = $2 AND ended_at IS NULL',
        [providerId, who.sub ?? ''],
        reason,
        now,
      );
    });
    return this.#reportEnded(ended, reason);
  }

  /** Deletes sessions that ended or expired more than a day ago. */
  async purge(): Promise<number> {
    this.#createsSincePurge = 0;
    const cutoff = this.#now() - keepEndedMs;
    const { rowCount } = await this.#store.execute(
      `DELETE FROM ${table} WHERE (ended_at IS NOT NULL AND ended_at < $1) OR expires_at < $1`,
      [cutoff],
    );
    return rowCount;
  }

  async #judged(row: SessionRow): Promise<SessionSummary> {
    const verdict = judgeSession(
      { lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, endedAt: row.ended_at },
      this.#policy,
      this.#now(),
    );
    if (verdict === 'idle' || verdict === 'expired') {
      // Ended where it is found, so the timeout holds on every instance and the number is erased.
      await this.end(row.ref, verdict);
    }
    return {
      ref: row.ref,
      opSessionUid: row.op_session_uid,
      citizenRef: row.citizen_ref,
      providerId: row.provider_id,
      acr: row.acr,
      verdict,
    };
  }

  /** Tells `onEnded` (after the commit: only ends that happened) and returns what the caller may see. */
  async #reportEnded(
    ended: readonly EndedRow[],
    reason: EndReason,
    eService?: string | undefined,
  ): Promise<EndedSession[]> {
    // Again after the commit: a read that began before it may have remembered the session meanwhile.
    this.#forget(ended.map((row) => row.session.ref));
    const told: SessionEnd[] = [];
    for (const { session, number } of ended) {
      if (number !== undefined) told.push({ number, reason, providerId: session.providerId, eService });
    }
    if (told.length > 0) await this.#onEnded?.(told);
    return ended.map((row) => row.session);
  }

  /**
   * Ends the matching rows: stamps the end and erases the sealed number and ID token, returning the ID tokens
   * and numbers (opened first) for an upstream logout and the audit log. Only rows this call actually ended are
   * returned, so of two instances ending the same session, one logs out upstream. `where` numbers its
   * parameters from $1.
   */
  async #end(
    tx: Queryable,
    where: string,
    params: readonly string[],
    reason: EndReason,
    now: number,
  ): Promise<EndedRow[]> {
    const current = await tx.query<{
      ref: string;
      number_sealed: string | null;
      upstream_id_token_sealed: string | null;
    }>(`SELECT ref, number_sealed, upstream_id_token_sealed FROM ${table} WHERE ${where}`, params);
    if (current.length === 0) return [];
    this.#forget(current.map((row) => row.ref));
    const sealed = new Map(current.map((row) => [row.ref, row]));
    const at = params.length;
    const ended = await tx.query<{ ref: string; op_session_uid: string | null; provider_id: string }>(
      `UPDATE ${table} SET ended_at = $${at + 1}, end_reason = $${at + 2}, number_sealed = NULL,
         upstream_id_token_sealed = NULL
       WHERE ${where}
       RETURNING ref, op_session_uid, provider_id`,
      [...params, now, reason],
    );
    return ended.map((row) => {
      const before = sealed.get(row.ref);
      const token = before?.upstream_id_token_sealed;
      const number = before?.number_sealed;
      return {
        session: {
          ref: row.ref,
          opSessionUid: row.op_session_uid,
          providerId: row.provider_id,
          upstreamIdToken: token == null ? undefined : this.#box.open(token, `id_token:${row.ref}`),
        },
        // Opened only for a listener: otherwise the number is erased without ever being read.
        number:
          number == null || this.#onEnded === undefined
            ? undefined
            : this.#box.open(number, `number:${row.ref}`),
      };
    });
  }
}
