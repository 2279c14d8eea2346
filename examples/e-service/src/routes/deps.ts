import type { Context } from 'hono';
import type { CasesClientFactory } from '../gateway/cases.ts';
import type { GatewayLogin } from '../gateway/login.ts';
import type { Log } from '../log.ts';
import type { SessionCookie, SessionEnv } from '../session/http.ts';
import type { Session, SessionStore, SessionUser } from '../session/store.ts';

/** What the routes share: built once in createEServiceApp. */
export interface Deps {
  readonly publicUrl: string;
  readonly sessions: SessionStore;
  readonly cookie: SessionCookie;
  readonly login: GatewayLogin;
  readonly cases: CasesClientFactory;
  readonly log: Log;
  readonly now: () => number;
  /** How long the receipt page waits for the delivery before it shows the status as it is, in milliseconds. */
  readonly receiptWaitMs: number;
}

export type AppContext = Context<SessionEnv>;

// Pages a login may return to: fixed paths of this e-service only, so `next` can never send anyone elsewhere.
const returnPaths = /^\/(?:ansokan|kvitto|mina-arenden(?:\/[A-Za-z0-9._:%-]{1,200})?)$/;

/** `next` when it is one of this e-service's pages, else the form. Pure. */
export function safeNext(next: string | undefined): string {
  return next !== undefined && returnPaths.test(next) ? next : '/ansokan';
}

/** Seconds of margin: a token this close to expiry would likely expire on its way to the business system. */
const expiryMarginMs = 15_000;

/** The logged-in citizen with a usable access token, or undefined (not logged in, or the token has expired). */
export function activeUser(session: Session | undefined, now: number): SessionUser | undefined {
  const user = session?.user;
  if (user === undefined) return undefined;
  if (user.accessTokenExpiresAt !== undefined && user.accessTokenExpiresAt - expiryMarginMs <= now) {
    return undefined;
  }
  return user;
}

/**
 * Sends the browser through the gateway's login and back to `path`. While the gateway's own session lives
 * (it outlasts the 5-minute access token), that takes no BankID and the person hardly notices.
 */
export function loginRedirect(c: AppContext, path: string): Response {
  return c.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
}
