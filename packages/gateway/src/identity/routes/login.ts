import type { IncomingMessage, ServerResponse } from 'node:http';
import { BryggaError } from '@brygga/contract';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type Provider from 'oidc-provider';
import { errors as providerErrors } from 'oidc-provider';
import * as oidc from 'openid-client';
import type { GatewayEnv } from '../../http/env.ts';
import {
  type RateLimitRule,
  rateLimit,
  clientAddress as socketPeer,
} from '../../http/middleware/rate-limit/index.ts';
import { renderLoginChoice } from '../../pages/login-choice.ts';
import { renderLoginError } from '../../pages/login-error.ts';
import { renderLoggedOut } from '../../pages/login-logout.ts';
import type { LoginAudit } from '../audit-events.ts';
import { loginContentSecurityPolicy, originsOf } from '../csp.ts';
import { type BryggaLoginResult, logoutCallbackPath } from '../downstream/koa-hooks.ts';
import type { EServiceDirectory } from '../e-services.ts';
import { failureKind, LoginFailure, type LoginFailureReason } from '../login-failure.ts';
import type { CookieNames } from '../sessions/cookies.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { TransactionStore } from '../sessions/transactions.ts';
import { citizenRef } from '../subjects.ts';
import {
  acrValuesFor,
  authorizationParameters,
  requestedAcrValues,
} from '../upstream/authorization-request.ts';
import { completeLogin } from '../upstream/complete-login.ts';
import type { UpstreamDirectory } from '../upstream/directory.ts';
import { LogoutTokenError, validateLogoutToken } from '../upstream/logout-token.ts';

export interface LoginRoutesOptions {
  readonly provider: Provider;
  readonly publicUrl: string;
  readonly https: boolean;
  readonly cookieNames: CookieNames;
  readonly eServices: EServiceDirectory;
  readonly upstream: UpstreamDirectory;
  readonly sessions: SessionStore;
  readonly transactions: TransactionStore;
  readonly subjectsKey: Uint8Array;
  /** Every login that got as far as a validated personnummer is recorded before it completes. */
  readonly audit: LoginAudit;
  readonly loginTimeoutMs: number;
  /** Ends the OpenID Provider session (and tells e-services) after an upstream back-channel logout. */
  readonly endProviderSession: (opSessionUid: string) => Promise<void>;
  /** Per client address and, at the token endpoint, per e-service; defaults in `defaultLoginRateLimits`. */
  readonly rateLimits?: Partial<LoginRateLimits>;
  /** Who the client is, for the limits (`clientAddressResolver`); default the socket's peer. */
  readonly clientAddress?: (c: Context<GatewayEnv>) => string | undefined;
  readonly now?: () => number;
}

/** How often the login endpoints may be used, per gateway instance. */
export interface LoginRateLimits {
  /** A browser's login steps (/oidc/auth, /login/*, /auth/callback, /oidc/session/end), per client address. */
  readonly browserPerAddress: RateLimitRule;
  /** /oidc/token, per client address. */
  readonly tokenPerAddress: RateLimitRule;
  /** /oidc/token, per registered e-service (client id) and client address. */
  readonly tokenPerClient: RateLimitRule;
}

/**
 * A brake on floods, not a per-citizen quota: a login is about five requests, and many citizens can share one
 * address (an office's NAT; every one of them behind a reverse proxy, unless it is in `server.trustedProxies`).
 * The configuration's `server.rateLimits` has the same defaults.
 */
export const defaultLoginRateLimits: LoginRateLimits = {
  browserPerAddress: { burst: 2000, perMinute: 1200 },
  tokenPerAddress: { burst: 300, perMinute: 600 },
  tokenPerClient: { burst: 300, perMinute: 600 },
};

/** What the gateway remembers between sending a citizen to a provider and their return. */
interface LoginTransaction {
  readonly interactionUid: string;
  readonly providerId: string;
  readonly clientId: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly acrValues: readonly string[];
  readonly promptLogin: boolean;
  readonly maxAge?: number | undefined;
  readonly startedAt: number;
}

/** The redirect URI the gateway registers at every identity provider. */
export const upstreamCallbackPath = '/auth/callback';
/** Where identity providers post back-channel logout tokens. */
export const backchannelLogoutPath = '/auth/backchannel-logout';

const uidPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The gateway's side of a citizen login, between the e-service (through oidc-provider's interaction) and the
 * identity provider:
 *
 *   GET  /login/:uid          choose a provider (or go straight to the only one)
 *   POST /login/:uid/start    the choice
 *   POST /login/:uid/abort    give up and return to the e-service (access_denied)
 *   GET  /auth/callback       the provider's answer: checked, then the login is handed back to oidc-provider
 *   POST /auth/backchannel-logout   a provider ending a login
 *   GET  /logout/callback     back from a provider's logout, on to the e-service
 */
export function loginRoutes(options: LoginRoutesOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const { provider, eServices, upstream, sessions, transactions, cookieNames } = options;
  const now = options.now ?? Date.now;
  const publicOrigin = new URL(options.publicUrl).origin;
  const callbackUri = new URL(upstreamCallbackPath, options.publicUrl).href;

  const nodeOf = (c: Context<GatewayEnv>): { req: IncomingMessage; res: ServerResponse } => {
    const req = c.env?.incoming;
    const res = c.env?.outgoing;
    if (req === undefined || res === undefined) {
      throw new BryggaError('internal_error', { detail: 'The login needs the Node.js server.' });
    }
    return { req, res };
  };

  /**
   * The error page, with retry and return when the login (interaction) is known. The refusal is an audit record
   * first (no subject: see `rejectedLoginRecord`), unless `audited` says it has one already or is no login.
   */
  const failurePage = (
    c: Context<GatewayEnv>,
    reason: LoginFailureReason,
    login?: { uid: string; clientId: string },
    audited: { providerId?: string } | 'recorded' | 'not-a-login' = {},
  ) => {
    const kind = failureKind(reason);
    c.get('log').warn({ component: 'identity', reason, errorCode: 'login_failed' }, 'citizen login failed');
    // The log that just failed takes no record of its own failure (that login's refusal is an error line).
    // Not awaited: the record is queued before the page goes out and the log commits it with others, so a
    // flood of refused callbacks does not wait on a disk flush each; a refusal lost in a crash loses no access.
    if (typeof audited === 'object' && reason !== 'audit_unavailable') {
      void options.audit.rejected({
        reason,
        eService: login === undefined ? undefined : eServices.byClientId(login.clientId)?.id,
        providerId: audited.providerId,
        requestId: c.get('requestId'),
        traceId: c.get('trace')?.traceId,
      });
    }
    const returnAction = login === undefined ? undefined : `/login/${login.uid}/abort`;
    const clientRedirects =
      login === undefined ? [] : (eServices.byClientId(login.clientId)?.client.redirectUris ?? []);
    c.set('contentSecurityPolicy', loginContentSecurityPolicy(originsOf(clientRedirects)));
    c.header('Cache-Control', 'no-store');
    const status = reason === 'forbidden_origin' ? 403 : statusOf[kind];
    return c.html(
      renderLoginError({
        kind,
        requestId: c.get('requestId'),
        retryUrl: login === undefined || kind === 'expired' ? undefined : `/login/${login.uid}`,
        returnAction,
      }),
      status,
    );
  };

  /**
   * Forms are only taken from the gateway's own pages (browsers send Origin and Sec-Fetch-Site on a POST).
   * The pages' `Referrer-Policy: no-referrer` makes browsers send `Origin: null` on their own form posts, so
   * `null` is taken only when Sec-Fetch-Site vouches for the same origin.
   */
  const sameOrigin = (c: Context<GatewayEnv>): boolean => {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') return false;
    if (origin === 'null') return site === 'same-origin';
    return origin === undefined || origin === publicOrigin;
  };

  const limits = { ...defaultLoginRateLimits, ...options.rateLimits };
  const clientAddress = options.clientAddress ?? socketPeer;
  const limiterOptions = options.now === undefined ? {} : { now: options.now };
  const browserLimit = rateLimit({
    ...limiterOptions,
    limits: [{ rule: limits.browserPerAddress, keyOf: clientAddress }],
  });
  const tokenLimit = rateLimit({
    ...limiterOptions,
    limits: [
      { rule: limits.tokenPerAddress, keyOf: clientAddress },
      {
        rule: limits.tokenPerClient,
        // Only registered e-services get a bucket: made-up client ids would each get a fresh one. The bucket is
        // the e-service's at one address: the id is claimed before it is authenticated, and anyone knowing it
        // could otherwise spend the real e-service's bucket from elsewhere.
        keyOf: async (c) => {
          const id = await tokenClientId(c);
          if (id === undefined || eServices.byClientId(id) === undefined) return undefined;
          const address = clientAddress(c);
          return address === undefined ? undefined : JSON.stringify([id, address]);
        },
      },
    ],
  });
  // Registered here, before oidc-provider's mount, so they run first on its paths as well as on these routes.
  for (const path of ['/oidc/auth/*', '/login/*', upstreamCallbackPath, '/oidc/session/end/*']) {
    app.use(path, browserLimit);
  }
  app.use('/oidc/token', tokenLimit);
  // oidc-provider's logout confirmation is a form of the gateway's own (its xsrf token aside): same-origin only.
  app.use('/oidc/session/end/confirm', async (c, next) => {
    if (c.req.method === 'POST' && !sameOrigin(c)) {
      return failurePage(c, 'forbidden_origin', undefined, 'not-a-login');
    }
    await next();
  });

  const loadInteraction = async (c: Context<GatewayEnv>, uid: string) => {
    if (!uidPattern.test(uid)) return undefined;
    const { req, res } = nodeOf(c);
    try {
      const details = await provider.interactionDetails(req, res);
      return details.uid === uid ? details : undefined;
    } catch (error) {
      if (error instanceof providerErrors.SessionNotFound) return undefined;
      throw error;
    }
  };

  const startUpstream = async (
    c: Context<GatewayEnv>,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
    providerId: string,
  ) => {
    const clientId = String(details.params.client_id ?? '');
    const login = { uid: details.uid, clientId };
    let target: Awaited<ReturnType<UpstreamDirectory['get']>>;
    try {
      target = await upstream.get(providerId);
    } catch (error) {
      if (LoginFailure.is(error)) return failurePage(c, error.reason, login, { providerId });
      throw error;
    }
    const acrValues = acrValuesFor(target.settings.acceptedAcr, requestedAcrValues(details.params.claims));
    if (acrValues.length === 0) return failurePage(c, 'acr_not_available', login, { providerId });
    const prompts = String(details.params.prompt ?? '').split(' ');
    const maxAgeParam = details.params.max_age;
    const maxAge =
      typeof maxAgeParam === 'string' && /^\d{1,9}$/.test(maxAgeParam) ? Number(maxAgeParam) : undefined;
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const transaction: LoginTransaction = {
      interactionUid: details.uid,
      providerId,
      clientId,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      acrValues,
      // After the gateway's session ended (an idle or absolute timeout, on a shared computer perhaps), the
      // provider's own single sign-on must not quietly log the previous citizen back in.
      promptLogin:
        prompts.includes('login') ||
        details.prompt.reasons.includes('login_prompt') ||
        details.prompt.reasons.includes('brygga_session'),
      maxAge,
      startedAt: now(),
    };
    const handle = await transactions.put('login', transaction, options.loginTimeoutMs);
    setCookie(c, cookieNames.login, handle, {
      path: '/',
      httpOnly: true,
      secure: options.https,
      sameSite: 'Lax',
      maxAge: Math.floor(options.loginTimeoutMs / 1000),
    });
    const url = oidc.buildAuthorizationUrl(
      target.configuration,
      authorizationParameters({
        redirectUri: callbackUri,
        scopes: target.settings.scopes,
        state: transaction.state,
        nonce: transaction.nonce,
        codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        acrValues,
        promptLogin: transaction.promptLogin,
        maxAge,
        uiLocales: languageTags(details.params.ui_locales),
      }),
    );
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.href, 303);
  };

  app.get('/login/:uid', async (c) => {
    const details = await loadInteraction(c, c.req.param('uid'));
    if (details === undefined) return failurePage(c, 'interaction_expired');
    const clientId = String(details.params.client_id ?? '');
    const eService = eServices.byClientId(clientId);
    if (eService === undefined) return failurePage(c, 'unknown_client');
    if (details.prompt.name === 'consent') {
      // E-services are first-party; oidc-provider asks anyway on prompt=consent. Give it and go on.
      const { req, res } = nodeOf(c);
      const grant =
        (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ clientId, accountId: details.session?.accountId ?? '' });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      const returnTo = await provider.interactionResult(req, res, { consent: { grantId } });
      return c.redirect(returnTo, 303);
    }
    const providerIds = eService.identityProviders.filter((id) => upstream.has(id));
    const [only] = providerIds;
    if (only !== undefined && providerIds.length === 1) return startUpstream(c, details, only);
    const offered = await Promise.all(providerIds.map((id) => upstream.get(id).catch(() => undefined)));
    c.set(
      'contentSecurityPolicy',
      loginContentSecurityPolicy(originsOf(offered.map((each) => each?.authorizationEndpoint))),
    );
    c.header('Cache-Control', 'no-store');
    return c.html(
      renderLoginChoice({
        eService: eService.name,
        providers: providerIds.map((id) => ({ id, name: upstream.settings(id)?.name ?? id })),
        action: `/login/${details.uid}/start`,
      }),
    );
  });

  app.post('/login/:uid/start', async (c) => {
    if (!sameOrigin(c)) return failurePage(c, 'forbidden_origin');
    const details = await loadInteraction(c, c.req.param('uid'));
    if (details === undefined) return failurePage(c, 'interaction_expired');
    const clientId = String(details.params.client_id ?? '');
    const eService = eServices.byClientId(clientId);
    const form = await c.req.parseBody();
    const choice = typeof form.provider === 'string' ? form.provider : '';
    if (eService === undefined || !eService.identityProviders.includes(choice) || !upstream.has(choice)) {
      return failurePage(c, 'unknown_provider', { uid: details.uid, clientId });
    }
    return startUpstream(c, details, choice);
  });

  app.post('/login/:uid/abort', async (c) => {
    if (!sameOrigin(c)) return failurePage(c, 'forbidden_origin');
    const details = await loadInteraction(c, c.req.param('uid'));
    if (details === undefined) return failurePage(c, 'interaction_expired');
    const { req, res } = nodeOf(c);
    const returnTo = await provider.interactionResult(
      req,
      res,
      { error: 'access_denied', error_description: 'The citizen did not complete the login.' },
      { mergeWithLastSubmission: false },
    );
    c.header('Cache-Control', 'no-store');
    return c.redirect(returnTo, 303);
  });

  app.get(upstreamCallbackPath, async (c) => {
    const handle = getCookie(c, cookieNames.login);
    // One login, one use: the cookie goes whatever the outcome.
    deleteCookie(c, cookieNames.login, { path: '/', secure: options.https });
    const transaction =
      handle === undefined ? undefined : await transactions.take<LoginTransaction>('login', handle);
    if (transaction === undefined) return failurePage(c, 'no_transaction');
    const login = { uid: transaction.interactionUid, clientId: transaction.clientId };
    const callbackUrl = new URL(callbackUri);
    callbackUrl.search = new URL(c.req.url).search;
    let identity: Awaited<ReturnType<typeof completeLogin>>;
    try {
      const target = await upstream.get(transaction.providerId);
      identity = await completeLogin(target, callbackUrl, transaction, now);
    } catch (error) {
      if (LoginFailure.is(error)) {
        return failurePage(c, error.reason, login, { providerId: transaction.providerId });
      }
      throw error;
    }
    const audited = {
      number: identity.number,
      eService: eServices.byClientId(transaction.clientId)?.id,
      providerId: identity.providerId,
      requestId: c.get('requestId'),
      traceId: c.get('trace')?.traceId,
    };
    const interaction = await provider.Interaction.find(transaction.interactionUid);
    if (interaction === undefined) {
      // The person was identified, then the login lapsed: worth a record (someone did log in as them).
      await options.audit
        .login({ ...audited, outcome: { status: 'failure', problem: 'interaction_expired' } })
        .catch((error: unknown) => {
          c.get('log').error(
            { component: 'identity', err: error },
            'audit record of a failed login not written',
          );
        });
      return failurePage(c, 'interaction_expired', undefined, 'recorded');
    }
    try {
      // Fail closed: no session exists for a login the audit log does not hold.
      await options.audit.login({ ...audited, outcome: { status: 'success' } });
    } catch (error) {
      c.get('log').error({ component: 'identity', err: error }, 'login refused: audit record not written');
      return failurePage(c, 'audit_unavailable', login);
    }
    const citizen = citizenRef(options.subjectsKey, identity.number);
    const sessionRef = await sessions.create(identity, citizen);
    const brygga: BryggaLoginResult = { sessionRef };
    interaction.result = {
      login: {
        accountId: citizen,
        acr: identity.acr,
        amr: [...identity.amr],
        ts: identity.authTime,
        remember: true,
      },
      brygga,
    };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(now() / 1000)));
    c.get('log').info(
      { component: 'identity', reason: 'upstream_login' },
      'identity provider vouched for a citizen',
    );
    c.header('Cache-Control', 'no-store');
    return c.redirect(interaction.returnTo, 303);
  });

  app.post(backchannelLogoutPath, async (c) => {
    c.header('Cache-Control', 'no-store');
    // Providers post this from their servers; a browser sent here by another site has no business with it.
    const site = c.req.header('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') throw new BryggaError('forbidden');
    const form = await c.req.parseBody();
    const token = typeof form.logout_token === 'string' ? form.logout_token : '';
    let request: Awaited<ReturnType<typeof validateLogoutToken>>;
    try {
      request = await validateLogoutToken(token, {
        providerFor: (issuer) => upstream.forIssuer(issuer),
        rememberJti: (providerId, jti, expiresAt) =>
          transactions.remember('logout-jti', `${providerId}\0${jti}`, expiresAt),
        now,
      });
    } catch (error) {
      if (!(error instanceof LogoutTokenError)) throw error;
      c.get('log').warn(
        { component: 'identity', reason: `logout_token_${error.problem}`, errorCode: 'logout_refused' },
        'back-channel logout refused',
      );
      return c.json({ error: 'invalid_request' }, 400);
    }
    const ended = await sessions.endForUpstream(request.provider.id, request, 'backchannel');
    for (const session of ended) {
      if (session.opSessionUid !== null) await options.endProviderSession(session.opSessionUid);
    }
    c.get('log').info(
      { component: 'identity', reason: 'backchannel', inflight: ended.length },
      'identity provider ended a login',
    );
    return c.body(null, 200);
  });

  app.get(logoutCallbackPath(), async (c) => {
    const state = c.req.query('state');
    const pending =
      state === undefined ? undefined : await transactions.take<{ to: string }>('logout', state);
    c.header('Cache-Control', 'no-store');
    if (pending !== undefined && isLogoutDestination(pending.to, options.publicUrl, eServices)) {
      return c.redirect(pending.to, 303);
    }
    return c.html(renderLoggedOut());
  });

  return app;
}

/**
 * The e-service's `ui_locales`, passed on to the provider in a URL: language tags of letters only (`sv`,
 * `en-GB`), so nothing else an e-service put there (digits, a personnummer) travels on. Undefined when none.
 */
function languageTags(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tags = value.split(' ').filter((tag) => /^[A-Za-z]{2,3}(?:-[A-Za-z]{2,8})*$/.test(tag));
  return tags.length === 0 ? undefined : tags.slice(0, 5).join(' ');
}

/**
 * The client id a token request names: HTTP Basic's user name (form-encoded, RFC 6749 §2.3.1) or the
 * `client_id` field. The body is read through Hono's cache, so oidc-provider's mount still gets all of it.
 */
async function tokenClientId(c: Context<GatewayEnv>): Promise<string | undefined> {
  const authorization = c.req.header('authorization');
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      return decodeURIComponent((colon === -1 ? decoded : decoded.slice(0, colon)).replaceAll('+', ' '));
    } catch {
      return undefined;
    }
  }
  if (c.req.method !== 'POST') return undefined;
  const body = new TextDecoder().decode(await c.req.arrayBuffer());
  return new URLSearchParams(body).get('client_id') ?? undefined;
}

const statusOf = {
  cancelled: 200,
  expired: 400,
  rejected: 401,
  unavailable: 503,
  misconfigured: 500,
} as const;

/** Only the gateway itself or an address an e-service registered for after logout, whatever the database says. */
function isLogoutDestination(to: string, publicUrl: string, eServices: EServiceDirectory): boolean {
  const url = URL.parse(to);
  if (url === null) return false;
  if (url.origin === new URL(publicUrl).origin) return true;
  const withoutQuery = `${url.origin}${url.pathname}`;
  return eServices.all().some((eService) => eService.client.postLogoutRedirectUris.includes(withoutQuery));
}
