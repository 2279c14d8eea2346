import { randomBytes } from 'node:crypto';
import type { LoginTransaction } from '@brygga/sdk/auth';
import type { FormValues } from '../application/form.ts';
import type { SubmissionKey } from '../application/submission-key.ts';

/** The logged-in citizen as this e-service knows them: a pairwise subject and tokens, never a personnummer. */
export interface SessionUser {
  /** Pairwise: the same person has another `sub` at every other e-service. */
  readonly subject: string;
  /** Stays on the server: never sent to the browser, never logged. */
  readonly accessToken: string;
  /** Epoch ms; undefined when the gateway did not say. */
  readonly accessTokenExpiresAt: number | undefined;
  /** For the gateway's logout (id_token_hint). */
  readonly idToken: string | undefined;
}

/** A login on its way through the gateway. */
export interface PendingLogin {
  readonly transaction: LoginTransaction;
  /** The page to return to afterwards (a path of this e-service, checked). */
  readonly next: string;
}

/**
 * An application the gateway accepted into its outbox (202): the receipt id to follow it by, and what the page
 * shows meanwhile. The case id arrives once the gateway has delivered it to the business system.
 */
export interface Receipt {
  readonly receiptId: string;
  readonly title: string;
  readonly applicationType: string;
  readonly acceptedAt: string;
}

/** Everything the e-service keeps for one browser. Only its random id travels, in an HttpOnly cookie. */
export interface Session {
  readonly id: string;
  /** The synchroniser token every POST form carries. */
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
  /** Logins started from this browser and not yet back, newest last (a few, for logins from several tabs). */
  logins?: readonly PendingLogin[] | undefined;
  user?: SessionUser | undefined;
  /** A form kept while the person logs in again, so nothing typed is lost to an expired token. */
  draft?: FormValues | undefined;
  submission?: SubmissionKey | undefined;
  receipt?: Receipt | undefined;
  /**
   * The application that last went through (a hash of it, never its values) and its receipt: the same
   * application sent again is answered with that receipt instead of a second case.
   */
  submitted?: { readonly fingerprint: string; readonly receiptId: string } | undefined;
  /** Shown once on the next page. */
  flash?: 'relogged' | undefined;
}

export type SessionData = Omit<Session, 'id' | 'csrfToken' | 'createdAt' | 'lastSeenAt'>;

export interface SessionStoreOptions {
  /** Default 60 minutes without a request: long enough to write an application. */
  readonly idleMs?: number;
  /** Default 8 hours in all. */
  readonly absoluteMs?: number;
  /**
   * Default 10 000, so anonymous visits cannot grow memory without end. When full, the anonymous session used
   * least recently goes first; a logged-in one only when there is no anonymous one left.
   */
  readonly maxSessions?: number;
  readonly now?: () => number;
}

/**
 * Server-side sessions in memory, for one e-service process (several instances would need a shared store).
 * Ids are 256 random bits; an expired session is gone on the next look.
 */
export class SessionStore {
  // Two maps, each in the order of last use (a Map keeps insertion order; a look moves the session to the end):
  // every GET /login makes an anonymous session, and a flood of those must not push out people who are logged in.
  readonly #anonymous = new Map<string, Session>();
  readonly #loggedIn = new Map<string, Session>();
  readonly #idleMs: number;
  readonly #absoluteMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.#idleMs = options.idleMs ?? 60 * 60_000;
    this.#absoluteMs = options.absoluteMs ?? 8 * 60 * 60_000;
    this.#max = options.maxSessions ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#anonymous.size + this.#loggedIn.size;
  }

  create(data: SessionData = {}): Session {
    const now = this.#now();
    const session: Session = { ...data, id: token(), csrfToken: token(), createdAt: now, lastSeenAt: now };
    while (this.size >= this.#max) {
      // The first entry of a map is the session used least recently.
      const victims = this.#anonymous.size > 0 ? this.#anonymous : this.#loggedIn;
      const oldest = victims.keys().next().value;
      if (oldest === undefined) break;
      victims.delete(oldest);
    }
    this.#put(session);
    return session;
  }

  /** The live session with this id, its idle clock restarted and counted as just used; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#anonymous.get(id) ?? this.#loggedIn.get(id);
    if (session === undefined) return undefined;
    this.destroy(id);
    const now = this.#now();
    if (now - session.lastSeenAt > this.#idleMs || now - session.createdAt > this.#absoluteMs)
      return undefined;
    session.lastSeenAt = now;
    this.#put(session);
    return session;
  }

  /** Ends `old` and starts a new session (new id, new CSRF token) with `data`: after every login. */
  regenerate(old: Session | undefined, data: SessionData): Session {
    if (old) this.destroy(old.id);
    return this.create(data);
  }

  destroy(id: string): void {
    this.#anonymous.delete(id);
    this.#loggedIn.delete(id);
  }

  clear(): void {
    this.#anonymous.clear();
    this.#loggedIn.clear();
  }

  /** At the end of its map (the most recently used); the map by whether the session has a user now. */
  #put(session: Session): void {
    (session.user === undefined ? this.#anonymous : this.#loggedIn).set(session.id, session);
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
