import { Hono, type MiddlewareHandler } from 'hono';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { BryggaConfig, EServiceConfig } from '../config/index.ts';
import type { GatewayEnv } from '../http/env.ts';
import { clientAddressResolver } from '../http/middleware/rate-limit/index.ts';
import type { Store } from '../storage/index.ts';
import { type AccessTokenEnv, type CitizenResolver, requireAccessToken } from './access-token/middleware.ts';
import { AccessTokenVerifier } from './access-token/verifier.ts';
import { type AuditAppender, loginAudit } from './audit-events.ts';
import { endProviderSession } from './downstream/end-session.ts';
import { installKoaHooks } from './downstream/koa-hooks.ts';
import { mountProvider, providerMountPath } from './downstream/mount.ts';
import { OidcStoreAdapter } from './downstream/oidc-adapter.ts';
import { createGatewayProvider } from './downstream/provider.ts';
import { EServiceDirectory } from './e-services.ts';
import { loadIdentityKeys } from './keys.ts';
import { loginRoutes } from './routes/login.ts';
import { cookieNames } from './sessions/cookies.ts';
import { SealedBox } from './sessions/sealed-box.ts';
import { SessionStore } from './sessions/session-store.ts';
import { TransactionStore } from './sessions/transactions.ts';
import { UpstreamDirectory } from './upstream/directory.ts';
import type { FetchJwks } from './upstream/jwks-cache.ts';
import { discoverProvider } from './upstream/provider-client.ts';

export interface IdentityOptions {
  readonly config: BryggaConfig;
  /** The gateway's store, migrated. */
  readonly store: Store;
  readonly logger: Logger;
  /** Where logins and logouts are recorded; a login whose record cannot be written fails (503). */
  readonly audit: AuditAppender;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
  /** How provider key sets are fetched; injected in tests. */
  readonly fetchJwks?: FetchJwks;
  /** Seconds to wait for a provider's discovery document. Default 10. */
  readonly discoveryTimeoutSeconds?: number;
  /** The gateway's own OpenID clients (the citizen page, `citizenClient`), registered beside the e-services. */
  readonly internalEServices?: readonly EServiceConfig[];
}

/** Citizen login, wired: routes to mount at `/`, and what the gateway's APIs need to check their callers. */
export interface Identity {
  /** Mount with `app.route('/', identity.routes)`. */
  readonly routes: Hono<GatewayEnv>;
  /** The gateway's OpenID Provider issuer (`${publicUrl}/oidc`). */
  readonly issuer: string;
  /** The audience of the access tokens e-services get. */
  readonly apiAudience: string;
  readonly accessTokens: AccessTokenVerifier;
  readonly citizens: CitizenResolver;
  /** `requireAccessToken` bound to this gateway's verifier and sessions. */
  requireAccessToken(scopes?: readonly string[]): MiddlewareHandler<AccessTokenEnv>;
  readonly sessions: SessionStore;
  readonly upstream: UpstreamDirectory;
  readonly provider: Provider;
}

/** The gateway API's audience: what every access token the gateway issues is for. */
export function apiAudienceOf(publicUrl: string): string {
  return `${publicUrl}/api`;
}

/**
 * Builds citizen login from the configuration: loads the keys, discovers the identity providers (a wrong issuer
 * stops the start), creates the OpenID Provider for the e-services and checks each registration, and returns the
 * routes. Needs the store migrated (`gatewayMigrations`).
 */
export async function createIdentity(options: IdentityOptions): Promise<Identity> {
  const { config, store } = options;
  const logger = options.logger.child({ component: 'identity' });
  const now = options.now ?? Date.now;
  const publicUrl = config.server.publicUrl;
  const https = publicUrl.startsWith('https://');
  const issuer = `${publicUrl}${providerMountPath}`;
  const apiAudience = apiAudienceOf(publicUrl);
  const loginTimeoutMs = config.identity.loginTimeoutMinutes * 60_000;

  const { keys, generated } = loadIdentityKeys(config);
  if (generated.length > 0) {
    logger.warn(
      { reason: 'generated_keys', check: generated.join(',') },
      'identity keys not configured; using throwaway keys until restart (development and test only)',
    );
  }
  const eServices = new EServiceDirectory(config, options.internalEServices);
  const names = cookieNames(https);
  const adapter = new OidcStoreAdapter(store, now);
  const audit = loginAudit(options.audit, logger);
  const sessions = new SessionStore({
    store,
    box: new SealedBox(keys.sessions.keyId, keys.sessions.sealing),
    policy: {
      idleMs: config.identity.sessionIdleMinutes * 60_000,
      absoluteMs: config.identity.sessionMaxHours * 3_600_000,
    },
    now,
    onEnded: audit.sessionsEnded,
    cacheMs: config.identity.sessionCacheMs,
  });
  const transactions = new TransactionStore(store, now);
  const upstream = new UpstreamDirectory({
    providers: config.identityProviders,
    discover: (settings) =>
      discoverProvider(settings, {
        environment: config.environment,
        ...(options.discoveryTimeoutSeconds === undefined
          ? {}
          : { timeoutSeconds: options.discoveryTimeoutSeconds }),
        ...(options.fetchJwks ? { fetchJwks: options.fetchJwks } : {}),
        now,
      }),
    logger,
    now,
  });
  await upstream.start();

  const provider = createGatewayProvider({
    issuer,
    apiAudience,
    eServices,
    keys,
    adapter,
    sessions,
    acrValues: [...new Set(config.identityProviders.flatMap((each) => each.acceptedAcr))],
    cookieNames: names,
    accessTokenSeconds: config.identity.accessTokenSeconds,
    loginTimeoutSeconds: config.identity.loginTimeoutMinutes * 60,
    logger,
    audit,
  });
  // oidc-provider checks a registration when it is first used; check them all now, so a mistake stops the start.
  for (const eService of eServices.all()) {
    await provider.Client.find(eService.client.clientId).catch((error: unknown) => {
      const description = (error as { error_description?: string }).error_description ?? String(error);
      throw new TypeError(`The e-service ${eService.id} cannot be registered: ${description}`, {
        cause: error,
      });
    });
  }
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    logger.error({ err: error }, 'OpenID Provider failed');
  });
  // Refused e-service requests are the e-service's mistake (or an attack): worth a line, by OAuth error code only.
  const refused = (event: string) => (_ctx: unknown, error: unknown) => {
    const code = (error as { error?: unknown }).error;
    logger.warn(
      { reason: event, errorCode: typeof code === 'string' ? code : 'unknown' },
      'OpenID Provider refused a request',
    );
  };
  provider.on('authorization.error', refused('authorization.error'));
  provider.on('grant.error', refused('grant.error'));
  provider.on('end_session.error', refused('end_session.error'));
  provider.on('backchannel.error', refused('backchannel.error'));
  installKoaHooks(provider, {
    publicUrl,
    https,
    eServices,
    sessions,
    transactions,
    upstream,
    logoutTimeoutMs: loginTimeoutMs,
    logger,
  });

  const routes = new Hono<GatewayEnv>();
  routes.route(
    '/',
    loginRoutes({
      provider,
      publicUrl,
      https,
      cookieNames: names,
      eServices,
      upstream,
      sessions,
      transactions,
      subjectsKey: keys.subjects,
      audit,
      loginTimeoutMs,
      rateLimits: {
        browserPerAddress: config.server.rateLimits.loginPerAddress,
        tokenPerAddress: config.server.rateLimits.tokenPerAddress,
        tokenPerClient: config.server.rateLimits.tokenPerClient,
      },
      clientAddress: clientAddressResolver(config.server.trustedProxies),
      endProviderSession: (uid) => endProviderSession(provider, adapter, uid, logger),
      now,
    }),
  );
  routes.all(`${providerMountPath}/*`, mountProvider(provider, publicUrl));

  const accessTokens = new AccessTokenVerifier({
    issuer,
    audience: apiAudience,
    publicKey: keys.signing.publicKey,
    algorithm: keys.signing.alg,
    eServiceOf: (clientId) => eServices.byClientId(clientId)?.id,
    now,
  });
  const citizens: CitizenResolver = (ref) => sessions.identityNumber(ref);
  return {
    routes,
    issuer,
    apiAudience,
    accessTokens,
    citizens,
    requireAccessToken: (scopes = []) => requireAccessToken({ verifier: accessTokens, scopes, citizens }),
    sessions,
    upstream,
    provider,
  };
}
