import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { loginContentSecurityPolicy, originsOf, withFormAction } from '../csp.ts';
import type { EServiceDirectory } from '../e-services.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { TransactionStore } from '../sessions/transactions.ts';
import type { UpstreamDirectory } from '../upstream/directory.ts';

export interface KoaHooksOptions {
  readonly publicUrl: string;
  readonly https: boolean;
  readonly eServices: EServiceDirectory;
  readonly sessions: SessionStore;
  readonly transactions: TransactionStore;
  readonly upstream: UpstreamDirectory;
  readonly logoutTimeoutMs: number;
  readonly logger: Logger;
}

/** The gateway's part in the interaction result: which of its sessions this login created. */
export interface BryggaLoginResult {
  readonly sessionRef: string;
}

/** Where an identity provider sends the citizen back after logging them out there. */
export function logoutCallbackPath(): string {
  return '/logout/callback';
}

/**
 * Middleware in front of oidc-provider's own routes. Before: the security headers every gateway page has (the
 * provider answers outside Hono). After:
 * - on `resume` (a login finished): ties the gateway session to the browser's OpenID Provider session;
 * - on `end_session_confirm` (the citizen confirmed a logout an e-service asked for): ends the gateway session
 *   and continues the logout at the identity provider, which sends the citizen back to `/logout/callback`;
 * - on pages whose form leads elsewhere, widens CSP `form-action` to exactly those origins.
 */
export function installKoaHooks(provider: Provider, options: KoaHooksOptions): void {
  provider.use(async (ctx, next) => {
    const context = ctx as unknown as KoaContextWithOIDC;
    setSecurityHeaders(context, options.https);
    // The mount passes the gateway's request id in; echoing it lets a citizen quote it, as on every other page.
    const requestId = context.get('x-request-id');
    if (requestId) context.set('X-Request-Id', requestId);
    await next();
    const route = (context as { oidc?: KoaContextWithOIDC['oidc'] }).oidc?.route;
    if (route === undefined) return;
    const log = options.logger.child({ requestId: String(context.get('x-request-id') || '') });
    try {
      if (route === 'resume') await bindLogin(context, options, log);
      if (route === 'end_session_confirm') await continueLogout(context, options, log);
      if (route === 'authorization' || route === 'resume' || route === 'end_session')
        await widenFormAction(context, options);
    } catch (error) {
      log.error({ err: error, component: 'identity' }, 'identity hook failed');
      context.status = 500;
      context.remove('location');
      context.type = 'text/plain';
      context.body = 'Internal error';
    }
  });
}

function setSecurityHeaders(ctx: KoaContextWithOIDC, https: boolean): void {
  ctx.set('Content-Security-Policy', loginContentSecurityPolicy());
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (https) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

async function bindLogin(ctx: KoaContextWithOIDC, options: KoaHooksOptions, log: Logger): Promise<void> {
  const result = ctx.oidc.result as
    | { login?: { accountId?: string }; brygga?: BryggaLoginResult }
    | undefined;
  const ref = result?.brygga?.sessionRef;
  const session = ctx.oidc.session;
  // Not applied when the browser was still logged in as someone else: oidc-provider first logs that person out.
  if (
    ref === undefined ||
    session?.accountId === undefined ||
    session.accountId !== result?.login?.accountId
  ) {
    return;
  }
  const replaced = await options.sessions.bind(ref, session.uid);
  log.info(
    { component: 'identity', reason: replaced.length > 0 ? 'login_replaced' : 'login' },
    'citizen logged in',
  );
}

async function continueLogout(ctx: KoaContextWithOIDC, options: KoaHooksOptions, log: Logger): Promise<void> {
  if (!ctx.oidc.params?.logout) return; // "stay logged in": only the e-service's own authorization was dropped
  const session = ctx.oidc.session;
  const location: unknown = ctx.response.get('location');
  // Only a logout that happened (a refused one, e.g. a wrong CSRF token, is an error page) goes on upstream.
  if (session === undefined || ctx.status !== 303 || typeof location !== 'string' || location === '') return;
  // A login as another person in a browser still logged in: oidc-provider's logout here resumes that login.
  const resumePath = new URL('/oidc/auth/', options.publicUrl).href;
  const switching = location.startsWith(resumePath);
  const asking = ctx.oidc.client ? options.eServices.byClientId(ctx.oidc.client.clientId)?.id : undefined;
  const ended = await options.sessions.endForOpSession(
    session.uid,
    switching ? 'account_changed' : 'logout',
    asking,
  );
  log.info({ component: 'identity', reason: switching ? 'account_changed' : 'logout' }, 'citizen logged out');
  if (switching) return;
  const withToken = ended.find((each) => each.upstreamIdToken !== undefined);
  if (withToken?.upstreamIdToken === undefined) return;
  const upstream = await options.upstream.get(withToken.providerId).catch(() => undefined);
  if (upstream?.endSessionEndpoint === undefined) return;
  const handle = await options.transactions.put('logout', { to: location }, options.logoutTimeoutMs);
  // No id_token_hint: the provider's ID token holds the personnummer and this URL goes through the browser
  // (history, proxies). The client_id openid-client adds is what RP-Initiated Logout accepts instead.
  const url = oidc.buildEndSessionUrl(upstream.configuration, {
    post_logout_redirect_uri: new URL(logoutCallbackPath(), options.publicUrl).href,
    state: handle,
  });
  ctx.status = 303;
  ctx.redirect(url.href);
}

/**
 * A form_post response (an e-service that asked for one) submits to the e-service; a logout page's form may
 * end at the identity provider's logout or at the e-service's own page. `form-action` names exactly those.
 */
async function widenFormAction(ctx: KoaContextWithOIDC, options: KoaHooksOptions): Promise<void> {
  if (!ctx.response.is('html')) return;
  const client = ctx.oidc.client;
  if (client === undefined && ctx.oidc.route !== 'end_session') return;
  const origins: (string | undefined)[] = [];
  if (ctx.oidc.route === 'end_session') {
    origins.push(...(client?.postLogoutRedirectUris ?? []));
    const uid = ctx.oidc.session?.uid;
    const current = uid === undefined ? undefined : await options.sessions.forOpSession(uid);
    if (current !== undefined) {
      const upstream = await options.upstream.get(current.providerId).catch(() => undefined);
      origins.push(upstream?.endSessionEndpoint);
    }
  } else {
    origins.push(...(client?.redirectUris ?? []));
  }
  const policy = ctx.response.get('content-security-policy') || loginContentSecurityPolicy();
  ctx.set('Content-Security-Policy', withFormAction(policy, originsOf(origins)));
}
