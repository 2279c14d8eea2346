import Provider, {
  type Configuration,
  errors,
  type Grant,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Logger } from 'pino';
import { renderLoggedOut, renderLogoutConfirm, renderProtocolError } from '../../pages/login-logout.ts';
import type { LoginAudit } from '../audit-events.ts';
import type { EServiceDirectory } from '../e-services.ts';
import type { IdentityKeys } from '../keys.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import { pairwiseSubject } from '../subjects.ts';
import { clientMetadataFor } from './clients.ts';
import type { OidcStoreAdapter } from './oidc-adapter.ts';
import {
  naturalPersonNumberScope,
  personalIdentityNumberClaim,
  personnummerNeed,
  personnummerRelease,
} from './personnummer-release.ts';

export interface GatewayProviderOptions {
  /** `${publicUrl}/oidc`. */
  readonly issuer: string;
  /** The audience of the access tokens e-services get: the gateway's API. */
  readonly apiAudience: string;
  readonly eServices: EServiceDirectory;
  readonly keys: IdentityKeys;
  readonly adapter: OidcStoreAdapter;
  readonly sessions: SessionStore;
  /** Every assurance level a configured identity provider may give. */
  readonly acrValues: readonly string[];
  readonly cookieNames: { readonly session: string; readonly interaction: string; readonly resume: string };
  readonly accessTokenSeconds: number;
  readonly loginTimeoutSeconds: number;
  readonly logger: Logger;
  /** Where releases of the personnummer to e-services are recorded, before the token goes out. */
  readonly audit: Pick<LoginAudit, 'released'>;
  /** For oidc-provider's own outgoing calls (an e-service's jwks_uri, its back-channel logout address). */
  readonly fetch?: typeof globalThis.fetch;
}

/** Where the gateway's own login page for an interaction lives; its cookies are scoped to this path. */
export function interactionPath(uid: string): string {
  return `/login/${uid}`;
}

/**
 * The gateway as an OpenID Provider towards e-services (oidc-provider, certified): code flow with PKCE, a
 * pairwise `sub` per e-service derived from the citizen reference (never the personnummer, which is not even
 * the account id), five-minute ID tokens, JWT access tokens for the gateway API scoped to the e-service's
 * contracts and carrying only a session reference, client credentials for e-service backends, RP-initiated and
 * back-channel logout. The login itself is the gateway's interaction (routes/login.ts), which brokers it upstream.
 */
export function createGatewayProvider(options: GatewayProviderOptions): Provider {
  const { eServices, keys, sessions } = options;
  const ttlSeconds = options.accessTokenSeconds;
  const sessionSeconds = Math.ceil(sessions.policy.absoluteMs / 1000);
  const release = personnummerRelease({ eServices, sessions, audit: options.audit });

  const policy = interactionPolicy.base();
  // The login session also lives in the gateway's session store, with its own idle and absolute timeouts, and
  // ends there (logout, back-channel logout) on whichever instance: without a current one, log in again.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('brygga_session', 'the login session has ended', async (ctx) => {
      const { session, result } = ctx.oidc;
      if (session?.accountId === undefined || result?.login !== undefined) {
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      }
      const current = await sessions.forOpSession(session.uid);
      if (current?.verdict !== 'active') return interactionPolicy.Check.REQUEST_PROMPT;
      await sessions.touch(current.ref);
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );

  const configuration: Configuration = {
    adapter: options.adapter.factory,
    clients: eServices.all().map((eService) => clientMetadataFor(eService, keys.signing.alg)),
    jwks: { keys: [keys.signing.privateJwk] },
    cookies: {
      names: options.cookieNames,
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
      keys: [...keys.sessions.cookies],
    },
    clientDefaults: { id_token_signed_response_alg: keys.signing.alg },
    responseTypes: ['code'],
    pkce: { required: () => true },
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => {
      const eService = eServices.byClientId(client.clientId);
      if (eService === undefined) throw new errors.InvalidClient('client is not a registered e-service');
      return pairwiseSubject(keys.subjects, accountId, eService.id);
    },
    // Each e-service's registration allows `openid`, and the personnummer's scope only when it declared the
    // need (clients.ts): asking for it without is oidc-provider's invalid_scope.
    scopes: ['openid', naturalPersonNumberScope],
    // Listing claims replaces oidc-provider's defaults, so acr, auth_time and sid are named again; they ride on
    // `openid` so every ID token has them, as the Swedish profile asks. Nothing about the person is released:
    // the e-service gets its pairwise sub, and how and when the login happened; the personnummer only as
    // personnummer-release.ts allows.
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      [naturalPersonNumberScope]: [personalIdentityNumberClaim],
    },
    acrValues: [...options.acrValues],
    findAccount: (ctx, sub, token) => ({
      accountId: sub,
      claims: async (use, scope, claims, rejected) =>
        use === 'id_token' ? { sub, ...(await release(ctx, token, scope, claims, rejected)) } : { sub },
    }),
    extraTokenClaims: async (_ctx, token) => {
      const sessionUid = (token as { sessionUid?: unknown }).sessionUid;
      if (typeof sessionUid !== 'string') return undefined;
      const current = await sessions.forOpSession(sessionUid);
      if (current?.verdict !== 'active') throw new errors.InvalidGrant('the login session has ended');
      return { session_ref: current.ref };
    },
    issueRefreshToken: () => false,
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      registration: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const eService =
            ctx.oidc.client === undefined ? undefined : eServices.byClientId(ctx.oidc.client.clientId);
          ctx.type = 'html';
          ctx.body = String(await renderLogoutConfirm({ form, eService: eService?.name }));
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = String(await renderLoggedOut());
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.apiAudience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== options.apiAudience) throw new errors.InvalidTarget();
          return {
            scope: eServices.scopesOf(client.clientId).join(' '),
            audience: options.apiAudience,
            accessTokenTTL: ttlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: keys.signing.alg } },
          };
        },
      },
    },
    ttl: {
      AccessToken: ttlSeconds,
      ClientCredentials: ttlSeconds,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: options.loginTimeoutSeconds,
      // The absolute timeout, counted from the login (oidc-provider saves the session again on later use).
      Session: (_ctx, session) => {
        const loginTs = (session as { loginTs?: number }).loginTs;
        const nowSeconds = Math.floor(Date.now() / 1000);
        return loginTs === undefined
          ? options.loginTimeoutSeconds
          : Math.max(1, loginTs + sessionSeconds - nowSeconds);
      },
      Grant: sessionSeconds,
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy },
    loadExistingGrant: (ctx) => loadExistingGrant(ctx, eServices),
    // E-service backends call the token endpoint from their servers; no browser-based clients are registered.
    clientBasedCORS: () => false,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = String(
        await renderProtocolError({ requestId: String(ctx.get('x-request-id') || '-'), error: out.error }),
      );
    },
    // Outgoing calls go only to addresses from the configuration (e-services' key sets and logout addresses),
    // which may well be on the municipality's own network: no special-use address filter, but a timeout.
    fetch: (url, init) =>
      (options.fetch ?? globalThis.fetch)(url, { ...init, dispatcher: undefined } as RequestInit),
    discovery: { ui_locales_supported: ['sv', 'en'] },
  };
  const provider = new Provider(options.issuer, configuration);
  // Its URLs and cookies follow the gateway's public address, which the mount sets as the forwarded one.
  provider.proxy = true;
  return provider;
}

/**
 * E-services are first-party: consent is implied. Grants what the request asks for, within what the e-service
 * is registered for: OpenID scopes and claims, and of the API's scopes (contracts) only its own.
 */
async function loadExistingGrant(
  ctx: KoaContextWithOIDC,
  eServices: EServiceDirectory,
): Promise<Grant | undefined> {
  const { client, session } = ctx.oidc;
  if (client === undefined || session?.accountId === undefined) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  let grant = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
  if (grant === undefined || grant.accountId !== session.accountId || grant.clientId !== client.clientId) {
    grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  }
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
  // The personnummer asked for through the claims parameter, by an e-service that did not declare the need:
  // not granted (the scope was already refused by oidc-provider), so it is left out like an unknown claim.
  const undeclared = personnummerNeed(eServices.byClientId(client.clientId)) === undefined;
  grant.addOIDCClaims(
    [...ctx.oidc.requestParamClaims].filter(
      (claim) => !(undeclared && claim === personalIdentityNumberClaim),
    ),
  );
  const registered = new Set(eServices.scopesOf(client.clientId));
  const requested = [...ctx.oidc.requestParamScopes].filter((scope) => registered.has(scope));
  for (const resource of Object.keys(ctx.oidc.resourceServers ?? {})) {
    if (requested.length > 0) grant.addResourceScope(resource, requested.join(' '));
  }
  await grant.save();
  return grant;
}
