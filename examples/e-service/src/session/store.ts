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
  /** Shown once on the next page. */
  flash?: 'relogged' | undefined;
}

export type SessionData = Omit<Session, 'id' | 'csrfToken' | 'createdAt' | 'lastSeenAt'>;

export interface SessionStoreOptions {
  /** Default 60 minutes without a request: long enough to write an application. */
  readonly idleMs?: number;
  /** Default 8 hours in all. */
  readonly absoluteMs?: number;
  /** Default 10 000; the oldest session goes first, so anonymous visits cannot grow memory without end. */
  readonly maxSessions?: number;
  readonly now?: () => number;
}

/**
 * Server-side sessions in memory, for one e-service process (several instances would need a shared store).
 * Ids are 256 random bits; an expired session is gone on the next look.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
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
    return this.#sessions.size;
  }

  create(data: SessionData = {}): Session {
    const now = this.#now();
    const session: Session = { ...data, id: token(), csrfToken: token(), createdAt: now, lastSeenAt: now };
    // Map order is insertion order: the first entry is the oldest session.
    while (this.#sessions.size >= this.#max) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, its idle clock restarted; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    const now = this.#now();
    if (now - session.lastSeenAt > this.#idleMs || now - session.createdAt > this.#absoluteMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /** Ends `old` and starts a new session (new id, new CSRF token) with `data`: after every login. */
  regenerate(old: Session | undefined, data: SessionData): Session {
    if (old) this.#sessions.delete(old.id);
    return this.create(data);
  }

  destroy(id: string): void {
    this.#sessions.delete(id);
  }

  clear(): void {
    this.#sessions.clear();
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
