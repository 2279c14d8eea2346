import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type CasesClientFactory, type CasesClientSettings, casesClients } from './gateway/cases.ts';
import { type GatewayLogin, loggedOutState } from './gateway/login.ts';
import { type Log, stderrLog } from './log.ts';
import { html, messagePage } from './pages/layout.ts';
import { renderStart } from './pages/start.ts';
import { stylesheet } from './pages/styles.ts';
import { applicationRoutes } from './routes/application.ts';
import { caseRoutes } from './routes/cases.ts';
import { activeUser, type Deps } from './routes/deps.ts';
import { errorName, forbidden, loginRoutes } from './routes/login.ts';
import { loadSession, type SessionEnv, sessionCookie } from './session/http.ts';
import { SessionStore } from './session/store.ts';

/** The largest request body read, in bytes: 64 KiB. */
export const maxBodyBytes = 64 * 1024;

export interface EServiceAppOptions {
  /** The e-service's public address, e.g. `http://127.0.0.1:7403` (its redirect URIs are registered under it). */
  readonly publicUrl: string;
  readonly gatewayUrl: string;
  /** The case-management contract version the e-service is built against. */
  readonly contractVersion: string;
  readonly login: GatewayLogin;
  readonly sessions?: SessionStore | undefined;
  /** Passed to the SDK client (fetch, retries, timeouts). */
  readonly client?: CasesClientSettings | undefined;
  readonly log?: Log | undefined;
  readonly now?: (() => number) | undefined;
  /** How long the receipt page waits for the delivery before showing the status as it is. Default 2000 ms. */
  readonly receiptWaitMs?: number | undefined;
}

/**
 * The e-service as a Hono app: pages rendered on the server, no client-side script, a server-side session per
 * browser. Every call to the gateway goes through @brygga/sdk.
 */
export function createEServiceApp(options: EServiceAppOptions): Hono<SessionEnv> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const cases: CasesClientFactory = casesClients(options.gatewayUrl, options.contractVersion, options.client);
  const deps: Deps = {
    publicUrl,
    sessions: options.sessions ?? new SessionStore(),
    cookie: sessionCookie(publicUrl),
    login: options.login,
    cases,
    log: options.log ?? stderrLog,
    now: options.now ?? Date.now,
    receiptWaitMs: options.receiptWaitMs ?? 2_000,
  };
  const app = new Hono<SessionEnv>();

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/assets/e-tjanst.css', (c) =>
    c.body(stylesheet, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );

  app.use('*', securityHeaders(publicUrl, options.gatewayUrl));
  app.use('*', sameOriginPosts(publicUrl));
  // The largest form (5 000 characters of description, encoded) is well under this; anything bigger is not read.
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.html(
          messagePage({
            title: { sv: 'Det du skickade var för stort', en: 'What you sent was too large' },
            text: {
              sv: 'Formuläret innehöll mer än vi kan ta emot. Gå tillbaka, korta texten och försök igen.',
              en: 'The form held more than we can receive. Go back, shorten the text and try again.',
            },
            actions: html`<a class="button" href="/">Till startsidan <span lang="en">To the start page</span></a>`,
            alert: true,
          }),
          413,
        ),
    }),
  );
  app.use('*', loadSession(deps.sessions, deps.cookie));

  app.get('/', (c) => {
    const session = c.var.session;
    const loggedIn = session?.user !== undefined;
    return c.html(
      renderStart({
        csrfToken: loggedIn ? session?.csrfToken : undefined,
        loggedOut: !loggedIn && c.req.query('state') === loggedOutState,
      }),
    );
  });
  app.route('/', loginRoutes(deps));
  app.route('/', applicationRoutes(deps));
  app.route('/', caseRoutes(deps));

  app.notFound((c) => {
    const session = c.var.session;
    return c.html(
      messagePage({
        title: { sv: 'Sidan finns inte', en: 'The page does not exist' },
        text: { sv: 'Kontrollera adressen.', en: 'Check the address.' },
        actions: html`<a class="button" href="/">Till startsidan <span lang="en">To the start page</span></a>`,
        csrfToken: activeUser(session, deps.now()) ? session?.csrfToken : undefined,
      }),
      404,
    );
  });
  app.onError((error, c) => {
    const reference = randomUUID();
    deps.log('internal_error', { reference, error: errorName(error) });
    return c.html(
      messagePage({
        title: { sv: 'Något gick fel hos oss', en: 'Something went wrong on our side' },
        text: {
          sv: 'Det är inte ditt fel. Försök igen om en stund. Kontakta supporten om det inte hjälper och uppge felkoden.',
          en: 'It is not your fault. Try again in a while. Contact support if that does not help, and give the reference.',
        },
        requestId: reference,
        alert: true,
      }),
      500,
    );
  });
  return app;
}

/**
 * No script at all, styles from this origin only, forms only to this e-service and the gateway (the logout
 * form's redirect goes there), no framing; pages are personal, so never cached.
 */
function securityHeaders(publicUrl: string, gatewayUrl: string): MiddlewareHandler<SessionEnv> {
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${new URL(gatewayUrl).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    ...(publicUrl.startsWith('https:') ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return async function securityHeaders(c, next) {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts, which the check refuses.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    if (publicUrl.startsWith('https:')) c.header('Strict-Transport-Security', 'max-age=31536000');
  };
}

/** A POST whose Origin is another site is refused before anything reads it (beside the CSRF token). */
function sameOriginPosts(publicUrl: string): MiddlewareHandler<SessionEnv> {
  const origin = new URL(publicUrl).origin;
  return async function sameOriginPosts(c, next) {
    const given = c.req.header('origin');
    if (c.req.method === 'POST' && given !== undefined && given !== origin) return forbidden(c);
    await next();
  };
}
