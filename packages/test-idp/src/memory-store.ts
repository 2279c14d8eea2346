import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  readonly payload: AdapterPayload;
  /** Milliseconds since the epoch; Infinity when oidc-provider gave no lifetime. */
  readonly expiresAt: number;
}

/**
 * oidc-provider's storage (sessions, interactions, codes, tokens, grants) for one test IdP, in memory. Written
 * here rather than using the library's quick-start adapter, which warns on every start that it is for
 * development only: that is this whole package's purpose, and the warning would only teach people to ignore it.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  /** Secondary indexes, each pointing at an entry's key. */
  readonly #sessionByUid = new Map<string, string>();
  readonly #byUserCode = new Map<string, string>();
  readonly #grantMembers = new Map<string, Set<string>>();
  readonly #now: () => number;
  #writesSinceSweep = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The factory oidc-provider's `adapter` option takes: one adapter per model name. */
  readonly factory: AdapterFactory = (model) => this.#adapter(model);

  #adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.#sweepNowAndThen();
        const expiresAt =
          typeof expiresIn === 'number' ? this.#now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        this.#entries.set(key(id), { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string')
          this.#sessionByUid.set(payload.uid, key(id));
        if (typeof payload.userCode === 'string') this.#byUserCode.set(payload.userCode, key(id));
        if (typeof payload.grantId === 'string') {
          const members = this.#grantMembers.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          this.#grantMembers.set(payload.grantId, members);
        }
      },
      find: async (id) => this.#live(key(id)),
      findByUid: async (uid) => this.#liveVia(this.#sessionByUid, uid),
      findByUserCode: async (userCode) => this.#liveVia(this.#byUserCode, userCode),
      consume: async (id) => {
        const payload = this.#live(key(id));
        if (payload) payload.consumed = Math.floor(this.#now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const member of this.#grantMembers.get(grantId) ?? []) this.#entries.delete(member);
        this.#grantMembers.delete(grantId);
      },
    };
  }

  /** oidc-provider's live sessions (for a back-channel logout started by a tester), with their ids. */
  sessions(): { readonly id: string; readonly payload: AdapterPayload }[] {
    this.#sweep();
    const found: { id: string; payload: AdapterPayload }[] = [];
    for (const [key, entry] of this.#entries) {
      if (key.startsWith('Session:'))
        found.push({ id: key.slice('Session:'.length), payload: entry.payload });
    }
    return found;
  }

  /** Ends a session, as a logout at the IdP would. */
  endSession(id: string): void {
    this.#entries.delete(`Session:${id}`);
  }

  /** Number of live entries; for tests. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  #liveVia(index: Map<string, string>, value: string): AdapterPayload | undefined {
    const key = index.get(value);
    return key === undefined ? undefined : this.#live(key);
  }

  #live(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  // Expired entries are dropped when read; a periodic sweep catches the ones never read again, so a long-running
  // dev IdP does not grow without bound.
  #sweepNowAndThen(): void {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep >= 100) this.#sweep();
  }

  #sweep(): void {
    this.#writesSinceSweep = 0;
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    for (const index of [this.#sessionByUid, this.#byUserCode]) {
      for (const [value, key] of index) if (!this.#entries.has(key)) index.delete(value);
    }
    for (const [grantId, members] of this.#grantMembers) {
      for (const member of members) if (!this.#entries.has(member)) members.delete(member);
      if (members.size === 0) this.#grantMembers.delete(grantId);
    }
  }
}
