import * as oidc from 'openid-client';
import type { GatewayAuth } from './gateway.ts';

/** Tokens from the gateway's token endpoint. Treat every one as a secret: never log them or put them in URLs. */
export interface TokenSet {
  /** For `createClient({ accessToken })`. */
  readonly accessToken: string;
  readonly tokenType: string;
  /** Epoch milliseconds; undefined when the gateway did not say. */
  readonly expiresAt: number | undefined;
  readonly scope: string | undefined;
  readonly refreshToken: string | undefined;
  /** Keep it for `logoutUrl` (id_token_hint). */
  readonly idToken: string | undefined;
}

export function tokenSetFrom(response: oidc.TokenEndpointResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    tokenType: response.token_type,
    expiresAt: response.expires_in === undefined ? undefined : now + response.expires_in * 1000,
    scope: response.scope,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
  };
}

/** Scopes as the token endpoint takes them; `openid` first for citizen logins. */
export function scopeParameter(scope: readonly string[] | undefined, openid: boolean): string | undefined {
  const all = new Set([...(openid ? ['openid'] : []), ...(scope ?? [])]);
  return all.size === 0 ? undefined : [...all].join(' ');
}

/**
 * New tokens for a refresh token, or for the previous token set: then a refresh and ID token the answer leaves
 * out are kept from it (give the set, so `logoutUrl` still has its ID token). The gateway decides whether it issues refresh tokens at all; when it does
 * not, log the person in again (with their gateway session still active, no BankID is needed).
 */
export async function refresh(auth: GatewayAuth, previous: string | TokenSet): Promise<TokenSet> {
  if (typeof previous === 'string') {
    return tokenSetFrom(await oidc.refreshTokenGrant(auth.config, previous), Date.now());
  }
  if (!previous.refreshToken)
    throw new TypeError('The token set has no refresh token; log the person in again.');
  const renewed = tokenSetFrom(await oidc.refreshTokenGrant(auth.config, previous.refreshToken), Date.now());
  // A refresh answer may leave out the refresh token (not rotated) and the ID token: the previous ones still hold.
  return {
    ...renewed,
    refreshToken: renewed.refreshToken ?? previous.refreshToken,
    idToken: renewed.idToken ?? previous.idToken,
  };
}

export interface ClientCredentialsRequest {
  /** Contract names, e.g. `['case-management']`: the calls the backend will make. */
  readonly scope?: readonly string[] | undefined;
  /** The API the token is for (RFC 8707), when the gateway serves more than one. */
  readonly resource?: string | undefined;
}

/** An access token for the e-service's backend itself (no citizen), by the client credentials grant. */
export function clientCredentials(
  auth: GatewayAuth,
  request: ClientCredentialsRequest = {},
): Promise<TokenSet> {
  return grantClientCredentials(auth, request, Date.now);
}

async function grantClientCredentials(
  auth: GatewayAuth,
  request: ClientCredentialsRequest,
  now: () => number,
): Promise<TokenSet> {
  const parameters: Record<string, string> = {};
  const scope = scopeParameter(request.scope, false);
  if (scope) parameters.scope = scope;
  if (request.resource) parameters.resource = request.resource;
  const askedAt = now(); // the token's life counts from before the request, never from after it
  return tokenSetFrom(await oidc.clientCredentialsGrant(auth.config, parameters), askedAt);
}

/** How long a token without `expires_in` is taken to live: short, so a token the gateway ends soon is not kept. */
const assumedLifetimeMs = 60_000;

/** A function giving a current access token; `invalidate()` drops the one it holds (e.g. after a 401 with it). */
export interface TokenSource {
  (): Promise<string>;
  invalidate(): void;
}

/**
 * A token source for `createClient({ accessToken })`: one client-credentials token, reused until
 * `leewaySeconds` before it expires (a token without `expires_in` is taken to live 60 seconds), then fetched
 * again; concurrent callers share one request. `invalidate()` makes the next call fetch a new one.
 */
export function clientCredentialsTokenSource(
  auth: GatewayAuth,
  request: ClientCredentialsRequest & { readonly leewaySeconds?: number; readonly now?: () => number } = {},
): TokenSource {
  const now = request.now ?? Date.now;
  const leewayMs = (request.leewaySeconds ?? 30) * 1000;
  let current: { readonly accessToken: string; readonly expiresAt: number } | undefined;
  let pending: Promise<TokenSet> | undefined;
  const token = async () => {
    if (current && current.expiresAt - leewayMs > now()) return current.accessToken;
    pending ??= grantClientCredentials(auth, request, now).finally(() => {
      pending = undefined;
    });
    const askedAt = now();
    const tokens = await pending;
    current = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt ?? askedAt + assumedLifetimeMs };
    return current.accessToken;
  };
  return Object.assign(token, {
    invalidate: () => {
      current = undefined;
    },
  });
}
