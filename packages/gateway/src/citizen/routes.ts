import { BryggaError, type Language } from '@brygga/contract';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import type { ExtractTimeZone } from '../audit/extract.ts';
import type { AuditLog, ExtractEntry, ExtractNames } from '../audit/index.ts';
import { describeEntry, extractCsv, extractPurposeId } from '../audit/index.ts';
import type { GatewayEnv } from '../http/env.ts';
import { negotiateLanguage } from '../http/index.ts';
import { type RateLimitRule, rateLimit } from '../http/middleware/rate-limit/index.ts';
import type { Identity } from '../identity/index.ts';
import { SealedBox } from '../identity/sessions/sealed-box.ts';
import { renderLoginError } from '../pages/login-error.ts';
import { type CitizenClient, citizenClientId, citizenPageName, citizenPaths } from './client.ts';
import {
  citizenStylesheet,
  type PageQuery,
  renderCitizenLoggedOut,
  renderLoginPage,
  renderRateLimited,
  renderRecordsPage,
  renderUnavailable,
} from './render.ts';

export interface CitizenRoutesOptions {
  /** The gateway's citizen login: its issuer, its access-token verifier, and the session → personnummer lookup. */
  readonly identity: Pick<Identity, 'issuer' | 'accessTokens' | 'citizens'>;
  readonly audit: Pick<AuditLog, 'extract' | 'append'>;
  /** Names of e-services, business systems and purposes, from the configuration (`extractNames`). */
  readonly names: ExtractNames;
  /** From `citizenClient(config)`: the same value `createIdentity` registered. */
  readonly client: CitizenClient;
  readonly publicUrl: string;
  /** `http://` to the gateway's own issuer is allowed only outside production. */
  readonly environment: string;
  /** Records per page. Default 50. */
  readonly pageSize?: number;
  /** How often one login may ask for the page or a download. Default 60 at once, then 60 a minute. */
  readonly rateLimit?: RateLimitRule;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
}

/** What the page remembers between sending the browser to the login and its return. Sealed in a cookie. */
interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly language: Language;
  readonly startedAt: number;
}

/** The audit operations of the page itself: looking at one's own records is a processing of them too. */
export const viewOperation = 'audit.view-own-records';
export const downloadOperation = 'audit.download-own-records';

const loginTimeoutMs = 10 * 60_000;
const defaultRateLimit: RateLimitRule = { burst: 60, perMinute: 60 };
/** The page shows Swedish time, so its periods are Swedish days and its CSV tells Swedish time. */
const timeZone: ExtractTimeZone = 'Europe/Stockholm';
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "Mina uppgifter / Who used my data": a citizen's own audit records (GDPR Art. 15), after a login with the
 * gateway's BankID brokering. The page is an OpenID client of the gateway's own provider (registered by the
 * gateway, `citizenClientId`), so its login is exactly an e-service's: same providers, timeouts and logout.
 * Its cookie holds only the sealed login-session reference; the personnummer is looked up server-side for each
 * request and never reaches a URL, a cookie or the browser. Every view and download is itself recorded, and
 * shown only once the record is durable.
 *
 *   GET  /mina-uppgifter                the records (or the way in), `?lang=en`, `from`/`to` (Swedish days), `before`
 *   GET  /mina-uppgifter/logga-in       starts the login at the gateway's provider
 *   GET  /mina-uppgifter/inloggad       the provider's answer (code flow with PKCE)
 *   GET  /mina-uppgifter/ladda-ner.csv  the same records as CSV (and .json as JSON)
 *   POST /mina-uppgifter/logga-ut       ends the login, through the provider's logout
 */
export function citizenRoutes(options: CitizenRoutesOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const { identity, audit, client } = options;
  const now = options.now ?? Date.now;
  const pageSize = options.pageSize ?? 50;
  const https = options.publicUrl.startsWith('https://');
  const publicOrigin = new URL(options.publicUrl).origin;
  const callbackUrl = new URL(citizenPaths.callback, options.publicUrl);
  const cookies = https
    ? { session: '__Host-brygga-mina-uppgifter', login: '__Host-brygga-mina-uppgifter-login' }
    : { session: 'brygga-mina-uppgifter', login: 'brygga-mina-uppgifter-login' };
  const box = new SealedBox(client.cookieKeyId, client.cookieKey);
  const names = withOwnName(options.names);

  let discovered: Promise<oidc.Configuration> | undefined;
  /** The gateway's own provider, discovered on first use (the gateway is not listening yet when this is built). */
  const provider = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(identity.issuer),
        citizenClientId,
        undefined,
        oidc.ClientSecretBasic(client.clientSecret),
        options.environment !== 'production' && identity.issuer.startsWith('http://')
          ? { execute: [oidc.allowInsecureRequests] }
          : {},
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new BryggaError('service_unavailable', { cause: error });
      });
    return discovered;
  };

  const cookieOptions = { path: '/', httpOnly: true, secure: https, sameSite: 'Lax' as const };

  /** The logged-in citizen's personnummer, or undefined (no cookie, a cookie that does not open, session over). */
  const citizen = async (c: Context<GatewayEnv>): Promise<string | undefined> => {
    const sealed = getCookie(c, cookies.session);
    if (sealed === undefined) return undefined;
    const ref = box.open(sealed, 'mina-uppgifter:session');
    const number = ref === undefined ? undefined : await identity.citizens(ref);
    if (number === undefined) deleteCookie(c, cookies.session, cookieOptions);
    return number;
  };

  const language = (c: Context<GatewayEnv>, fromQuery = c.req.query('lang')): Language =>
    fromQuery === 'sv' || fromQuery === 'en' ? fromQuery : negotiateLanguage(c.req.header('accept-language'));

  /** Appends the record of this view or download; the answer waits for it (fail closed). */
  const record = async (
    c: Context<GatewayEnv>,
    personnummer: string,
    operation: string,
    details: Readonly<Record<string, string | number>>,
  ) => {
    await audit.append({
      actor: { kind: 'citizen' },
      subject: { personnummer },
      eService: citizenClientId,
      operation,
      purpose: extractPurposeId,
      outcome: { status: 'success' },
      requestId: c.get('requestId'),
      traceId: c.get('trace')?.traceId ?? null,
      details,
    });
  };

  const unavailable = (c: Context<GatewayEnv>, lang: Language, error: unknown) => {
    c.get('log').error(
      { component: 'citizen', err: error },
      'own records not shown or downloaded: audit record not written',
    );
    c.header('Cache-Control', 'no-store');
    c.header('Retry-After', '5');
    return c.html(renderUnavailable(lang, c.get('requestId')), 503);
  };

  /**
   * Each login may look and download 60 times a minute (`rateLimit`): the page appends an audit record and reads
   * all of the person's records each time, so a loop in a script must not be able to flood the log. Counted by
   * the login-session reference in the sealed cookie, which no one can make up; without one there is nothing to
   * count (the login page is static, and the login itself has its own limit per address). Over the limit the
   * answer is a page (429, Retry-After), as everything else here is.
   */
  const sessionLimit = rateLimit({
    ...(options.now === undefined ? {} : { now: options.now }),
    limits: [
      {
        rule: options.rateLimit ?? defaultRateLimit,
        keyOf: (c) => {
          const sealed = getCookie(c, cookies.session);
          return sealed === undefined ? undefined : box.open(sealed, 'mina-uppgifter:session');
        },
      },
    ],
  });
  const limited: MiddlewareHandler<GatewayEnv> = async (c, next) => {
    let passed = false;
    try {
      await sessionLimit(c, async () => {
        passed = true;
        await next();
      });
    } catch (error) {
      // Only the limiter's own refusal becomes the page: anything thrown further in goes on as it was.
      if (passed || !BryggaError.is(error) || error.code !== 'rate_limited') throw error;
      const seconds = Number(error.headers['Retry-After'] ?? '60');
      c.get('log').warn({ component: 'citizen', errorCode: 'rate_limited' }, 'own records: rate limited');
      c.header('Cache-Control', 'no-store');
      c.header('Retry-After', String(seconds));
      return c.html(renderRateLimited(language(c), c.get('requestId'), seconds), 429);
    }
  };
  for (const path of [citizenPaths.page, citizenPaths.csv, citizenPaths.json]) app.use(path, limited);

  app.get(citizenPaths.stylesheet, (c) =>
    c.body(citizenStylesheet, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  );

  app.get(citizenPaths.page, async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Accept-Language, Cookie');
    const lang = language(c);
    const number = await citizen(c);
    if (number === undefined) return c.html(renderLoginPage(lang));
    const { query: asked, rejected } = pageQuery(c);
    const entries = await audit.extract(number, { from: asked.from, to: asked.to, timeZone });
    // Only a position the "show older" link could have made (one of the person's own records) is kept: anything
    // else typed into `before`, a personnummer say, must not be echoed into the page's links.
    const query = entries.some((entry) => entry.seq === asked.before)
      ? asked
      : { ...asked, before: undefined };
    const page = pageOf(entries, query.before, pageSize);
    try {
      await record(c, number, viewOperation, { records: page.entries.length });
    } catch (error) {
      return unavailable(c, lang, error);
    }
    return c.html(renderRecordsPage({ language: lang, query, periodRejected: rejected, names, ...page }));
  });

  for (const format of ['csv', 'json'] as const) {
    app.get(citizenPaths[format], async (c) => {
      c.header('Cache-Control', 'no-store');
      const lang = language(c);
      const number = await citizen(c);
      if (number === undefined) return c.redirect(`${citizenPaths.page}?lang=${lang}`, 303);
      const { query, rejected } = pageQuery(c);
      // A period that cannot be used goes back to the page, which says so, rather than handing out everything.
      // What was typed is not carried into the address: it may be a personnummer.
      if (rejected) return c.redirect(`${citizenPaths.page}?lang=${lang}&${rejectedPeriod}`, 303);
      const range = { from: query.from, to: query.to };
      const entries = await audit.extract(number, { ...range, timeZone });
      // The official's extract's format, in sequence order; the record says which one was handed out.
      try {
        await record(c, number, downloadOperation, { records: entries.length, format });
      } catch (error) {
        return unavailable(c, lang, error);
      }
      c.header('Content-Disposition', `attachment; filename="mina-uppgifter.${format}"`);
      if (format === 'csv') {
        // Swedish time with its offset, as the page shows it (the officials' extract is in UTC).
        return c.body(extractCsv(entries, names, lang, { timeZone }), 200, {
          'Content-Type': 'text/csv; charset=utf-8; header=present',
        });
      }
      return c.json({
        records: entries.map((entry) => describeEntry(entry, names)),
        count: entries.length,
        from: range.from ?? null,
        to: range.to ?? null,
      });
    });
  }

  app.get(citizenPaths.login, async (c) => {
    const lang = language(c);
    const config = await provider();
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      language: lang,
      startedAt: now(),
    };
    // Lax, not Strict: it must come along on the redirect back, which the identity provider's site starts.
    setCookie(c, cookies.login, box.seal(JSON.stringify(pending), 'mina-uppgifter:login'), {
      ...cookieOptions,
      maxAge: loginTimeoutMs / 1000,
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl.href,
      scope: 'openid',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      ui_locales: lang,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.href, 303);
  });

  app.get(citizenPaths.callback, async (c) => {
    c.header('Cache-Control', 'no-store');
    const sealed = getCookie(c, cookies.login);
    // One login, one use: the cookie goes whatever the outcome.
    deleteCookie(c, cookies.login, cookieOptions);
    const opened = sealed === undefined ? undefined : box.open(sealed, 'mina-uppgifter:login');
    const pending = opened === undefined ? undefined : (JSON.parse(opened) as PendingLogin);
    const retryUrl = `${citizenPaths.login}?lang=${pending?.language ?? language(c)}`;
    const failed = (kind: 'cancelled' | 'expired' | 'rejected', reason: string) => {
      c.get('log').warn(
        { component: 'citizen', reason, errorCode: 'login_failed' },
        'own-records login failed',
      );
      return c.html(
        renderLoginError({ kind, requestId: c.get('requestId'), retryUrl }),
        kind === 'cancelled' ? 200 : kind === 'expired' ? 400 : 401,
      );
    };
    if (pending === undefined || now() - pending.startedAt > loginTimeoutMs) {
      return failed('expired', 'no_transaction');
    }
    const current = new URL(callbackUrl);
    current.search = new URL(c.req.url).search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(await provider(), current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied') {
        return failed('cancelled', 'access_denied');
      }
      if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
        return failed('rejected', 'authorization_error');
      }
      if (BryggaError.is(error)) throw error;
      // openid-client's own checks (state, nonce, ID token): the answer was not for this login.
      return failed('rejected', 'response_check');
    }
    // The access token is the gateway's own, checked like an e-service's; it names the login session.
    const caller = await identity.accessTokens.verify(tokens.access_token).catch(() => undefined);
    const ref = caller?.clientId === citizenClientId ? caller.subject?.sessionRef : undefined;
    if (ref === undefined || (await identity.citizens(ref)) === undefined) {
      return failed('rejected', 'no_session');
    }
    setCookie(c, cookies.session, box.seal(ref, 'mina-uppgifter:session'), cookieOptions);
    return c.redirect(`${citizenPaths.page}?lang=${pending.language}`, 303);
  });

  app.post(citizenPaths.logout, async (c) => {
    if (!sameOrigin(c, publicOrigin)) throw new BryggaError('forbidden');
    const lang = language(c);
    deleteCookie(c, cookies.session, cookieOptions);
    // The provider's logout (the gateway's own confirmation page) ends the login everywhere: the gateway's
    // session, e-services told by back-channel, and the identity provider's session.
    const url = oidc.buildEndSessionUrl(await provider(), {
      post_logout_redirect_uri: new URL(citizenPaths.loggedOut, options.publicUrl).href,
      state: lang,
      ui_locales: lang,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.href, 303);
  });

  app.get(citizenPaths.loggedOut, (c) => {
    c.header('Cache-Control', 'no-store');
    deleteCookie(c, cookies.session, cookieOptions);
    return c.html(renderCitizenLoggedOut(language(c, c.req.query('lang') ?? c.req.query('state'))));
  });

  return app;
}

/** Set by a download whose period could not be used, so the page says so without repeating what was typed. */
const rejectedPeriod = 'period=rejected';

/** The period and position asked for; a period that is not two real dates in order is dropped. */
function pageQuery(c: Context<GatewayEnv>): { query: PageQuery; rejected: boolean } {
  const from = c.req.query('from') || undefined;
  const to = c.req.query('to') || undefined;
  const beforeText = c.req.query('before');
  const before = beforeText !== undefined && /^\d{1,15}$/.test(beforeText) ? Number(beforeText) : undefined;
  const valid =
    c.req.query('period') !== 'rejected' &&
    (from === undefined || isDate(from)) &&
    (to === undefined || isDate(to)) &&
    (from === undefined || to === undefined || from <= to);
  return valid ? { query: { from, to, before }, rejected: false } : { query: { before }, rejected: true };
}

function isDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * One page of a person's records, newest first: those older than `before` (all when undefined), at most
 * `size`, where the page starts among all of them, and where "show older" continues. Pure.
 */
export function pageOf(
  entries: readonly ExtractEntry[],
  before: number | undefined,
  size: number,
): { entries: ExtractEntry[]; total: number; offset: number; olderThan: number | undefined } {
  const newestFirst = [...entries].sort((a, b) => b.seq - a.seq);
  const start = before === undefined ? 0 : newestFirst.findIndex((entry) => entry.seq < before);
  const offset = start === -1 ? newestFirst.length : start;
  const shown = newestFirst.slice(offset, offset + size);
  const last = shown.at(-1);
  const olderThan = last !== undefined && offset + size < newestFirst.length ? last.seq : undefined;
  return { entries: shown, total: newestFirst.length, offset, olderThan };
}

/** The configuration's names, plus the page's own (its records name it as their e-service). */
function withOwnName(names: ExtractNames): ExtractNames {
  return {
    ...names,
    eService: (id) => names.eService(id) ?? (id === citizenClientId ? citizenPageName : undefined),
  };
}

/**
 * Forms are taken only from the gateway's own pages. The pages' `Referrer-Policy: no-referrer` makes browsers
 * send `Origin: null` on their own form posts, so `null` counts only when Sec-Fetch-Site vouches for it.
 */
function sameOrigin(c: Context<GatewayEnv>, publicOrigin: string): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  if (origin === 'null') return site === 'same-origin';
  return origin === undefined || origin === publicOrigin;
}
