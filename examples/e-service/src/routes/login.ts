import { randomUUID } from 'node:crypto';
import { LoginError, type LoginResult } from '@brygga/sdk/auth';
import { Hono } from 'hono';
import type { Bilingual } from '../application/form.ts';
import { html, messagePage } from '../pages/layout.ts';
import {
  clearCookie,
  csrfTokenMatches,
  ensureSession,
  issueCookie,
  type SessionEnv,
} from '../session/http.ts';
import type { PendingLogin, Session, SessionData } from '../session/store.ts';
import { type AppContext, type Deps, safeNext } from './deps.ts';

const maxPendingLogins = 3;

const tryAgain = html`<a class="button" href="/login">Logga in igen <span lang="en">Log in again</span></a>`;

const loginTexts = {
  cancelled: {
    title: { sv: 'Inloggningen avbröts', en: 'The login was cancelled' },
    text: {
      sv: 'Du är inte inloggad. Du kan försöka igen när du vill.',
      en: 'You are not logged in. You can try again whenever you like.',
    },
  },
  expired: {
    title: { sv: 'Inloggningen hittades inte', en: 'The login was not found' },
    text: {
      sv: 'Den tog för lång tid, är redan klar eller påbörjades i en annan webbläsare. Logga in igen.',
      en: 'It took too long, has already finished or was started in another browser. Log in again.',
    },
  },
  failed: {
    title: { sv: 'Inloggningen kunde inte slutföras', en: 'The login could not be completed' },
    text: {
      sv: 'Du är inte inloggad. Försök igen. Kontakta supporten om det inte fungerar och uppge felkoden.',
      en: 'You are not logged in. Try again. Contact support if it does not work, and give the reference.',
    },
  },
  unavailable: {
    title: { sv: 'Inloggningen fungerar inte just nu', en: 'Logging in does not work right now' },
    text: {
      sv: 'Det är inte ditt fel. Försök igen om en stund.',
      en: 'It is not your fault. Please try again in a while.',
    },
  },
} as const satisfies Record<string, { title: Bilingual; text: Bilingual }>;

/** What survives a new login in the same browser: a draft and its submission key, for the same person only. */
function carriedOver(old: Session | undefined, result: LoginResult): SessionData {
  if (old?.user === undefined || old.user.subject !== result.claims.sub) return {};
  return {
    draft: old.draft,
    submission: old.submission,
    ...(old.draft ? { flash: 'relogged' as const } : {}),
  };
}

/** GET /login, GET /callback and POST /logga-ut: citizen login and logout through the gateway. */
export function loginRoutes(deps: Deps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();

  app.get('/login', async (c) => {
    let started: Awaited<ReturnType<Deps['login']['start']>>;
    try {
      started = await deps.login.start();
    } catch (error) {
      const reference = randomUUID();
      deps.log('login_unavailable', { reference, error: errorName(error) });
      return c.html(messagePage({ ...loginTexts.unavailable, requestId: reference, alert: true }), 503);
    }
    const session = ensureSession(c, deps.sessions, deps.cookie);
    const pending: PendingLogin = { transaction: started.transaction, next: safeNext(c.req.query('next')) };
    session.logins = [...(session.logins ?? []), pending].slice(-maxPendingLogins);
    deps.log('login_started');
    return c.redirect(started.url.href, 303);
  });

  app.get('/callback', async (c) => {
    const session = c.var.session;
    const state = c.req.query('state');
    const pending = session?.logins?.find((each) => each.transaction.state === state);
    if (session === undefined || pending === undefined) {
      deps.log('login_failed', { code: 'no_pending_login' });
      return c.html(messagePage({ ...loginTexts.expired, actions: tryAgain, alert: true }), 400);
    }
    session.logins = session.logins?.filter((each) => each !== pending);
    // The URL the gateway redirected to, rebuilt on the registered address rather than on the Host header.
    const callbackUrl = new URL(`/callback${new URL(c.req.url).search}`, deps.publicUrl);
    let result: LoginResult;
    try {
      result = await deps.login.finish(callbackUrl, pending.transaction);
    } catch (error) {
      return loginFailed(c, deps, error);
    }
    // A new id (and CSRF token) once logged in: an id planted before the login is worth nothing after it.
    const fresh = deps.sessions.regenerate(session, {
      ...carriedOver(session, result),
      user: {
        subject: result.claims.sub,
        accessToken: result.tokens.accessToken,
        accessTokenExpiresAt: result.tokens.expiresAt,
        idToken: result.tokens.idToken,
      },
    });
    issueCookie(c, deps.cookie, fresh);
    deps.log('login_completed', { acr: result.claims.acr });
    return c.redirect(pending.next, 303);
  });

  app.post('/logga-ut', async (c) => {
    const session = c.var.session;
    // Nothing to end without a session: the form is not even read.
    if (session === undefined) return c.redirect('/', 303);
    const form = await c.req.parseBody();
    if (!csrfTokenMatches(session, form.csrf)) return forbidden(c);
    const idToken = session.user?.idToken;
    // This e-service's session ends first, whatever happens at the gateway.
    deps.sessions.destroy(session.id);
    clearCookie(c, deps.cookie);
    deps.log('logout');
    if (idToken === undefined) return c.redirect('/', 303);
    try {
      return c.redirect((await deps.login.logoutUrl(idToken)).href, 303);
    } catch (error) {
      deps.log('logout_unavailable', { error: errorName(error) });
      return c.redirect('/', 303);
    }
  });

  return app;
}

function loginFailed(c: AppContext, deps: Deps, error: unknown): Response | Promise<Response> {
  if (error instanceof LoginError) {
    deps.log('login_failed', { code: error.code, oauthError: loggableOauthError(error.oauthError) });
    if (error.code === 'access_denied') {
      return c.html(messagePage({ ...loginTexts.cancelled, actions: tryAgain }), 200);
    }
    if (error.code === 'state_mismatch') {
      return c.html(messagePage({ ...loginTexts.expired, actions: tryAgain, alert: true }), 400);
    }
  }
  const reference = randomUUID();
  deps.log('login_failed', { code: 'login_failed', reference, error: errorName(error) });
  return c.html(
    messagePage({ ...loginTexts.failed, actions: tryAgain, requestId: reference, alert: true }),
    502,
  );
}

/**
 * The OAuth `error` for the log: it comes from the callback's address, where anyone can write anything (a
 * personnummer, say), so only a value shaped like an OAuth error code is kept, anything else is `other`. Pure.
 */
export function loggableOauthError(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^[a-z_]{1,40}$/.test(value) ? value : 'other';
}

/** A POST without this session's CSRF token: never acted on. */
export function forbidden(c: AppContext): Response | Promise<Response> {
  return c.html(
    messagePage({
      title: { sv: 'Sidan har gått ut', en: 'The page has expired' },
      text: {
        sv: 'Formuläret kunde inte tas emot. Gå tillbaka till startsidan och försök igen.',
        en: 'The form could not be received. Go back to the start page and try again.',
      },
      actions: html`<a class="button" href="/">Till startsidan <span lang="en">To the start page</span></a>`,
      alert: true,
    }),
    403,
  );
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
