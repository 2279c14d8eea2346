import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Session, SessionData, SessionStore } from './store.ts';

export interface SessionEnv {
  Variables: { session: Session | undefined };
}

export interface SessionCookie {
  readonly name: string;
  /** Only over https; the local stack runs on http://127.0.0.1. */
  readonly secure: boolean;
}

/** `__Host-` on https: the browser then refuses the cookie from any subdomain or path, or without TLS. */
export function sessionCookie(publicUrl: string): SessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  return { name: secure ? '__Host-bygglov' : 'bygglov', secure };
}

/** Puts the browser's live session, if any, in `c.var.session`. */
export function loadSession(store: SessionStore, cookie: SessionCookie): MiddlewareHandler<SessionEnv> {
  return async function loadSession(c, next) {
    c.set('session', store.get(getCookie(c, cookie.name)));
    await next();
  };
}

/**
 * Sends the session's id as the cookie: HttpOnly (no script reads it), SameSite=Lax (sent on the gateway's
 * redirect back to /callback, a top-level GET, but not on cross-site POSTs). No Max-Age: it ends with the browser.
 */
export function issueCookie(c: Context, cookie: SessionCookie, session: Session): void {
  setCookie(c, cookie.name, session.id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: cookie.secure,
    path: '/',
  });
}

export function clearCookie(c: Context, cookie: SessionCookie): void {
  deleteCookie(c, cookie.name, { path: '/', secure: cookie.secure, httpOnly: true, sameSite: 'Lax' });
}

/** The browser's session, or a new one (with its cookie sent) when it has none. */
export function ensureSession(
  c: Context<SessionEnv>,
  store: SessionStore,
  cookie: SessionCookie,
  data: SessionData = {},
): Session {
  const existing = c.var.session;
  if (existing) return existing;
  const session = store.create(data);
  issueCookie(c, cookie, session);
  c.set('session', session);
  return session;
}

/** Constant-time comparison of the form's token with the session's. */
export function csrfTokenMatches(session: Session, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
