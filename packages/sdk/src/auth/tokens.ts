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
 * New tokens for a refresh token. The gateway decides whether it issues refresh tokens at all; when it does
 * not, log the person in again (with their gateway session still active, no BankID is needed).
 */
export async function refresh(auth: GatewayAuth, refreshToken: string): Promise<TokenSet> {
  return tokenSetFrom(await oidc.refreshTokenGrant(auth.config, refreshToken), Date.now());
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

/**
 * A token source for `createClient({ accessToken })`: one client-credentials token, reused until
 * `leewaySeconds` before it expires, then fetched again; concurrent callers share one request.
 */
export function clientCredentialsTokenSource(
  auth: GatewayAuth,
  request: ClientCredentialsRequest & { readonly leewaySeconds?: number; readonly now?: () => number } = {},
): () => Promise<string> {
  const now = request.now ?? Date.now;
  const leewayMs = (request.leewaySeconds ?? 30) * 1000;
  let current: TokenSet | undefined;
  let pending: Promise<TokenSet> | undefined;
  return async () => {
    if (current && (current.expiresAt === undefined || current.expiresAt - leewayMs > now())) {
      return current.accessToken;
    }
    pending ??= grantClientCredentials(auth, request, now).finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current.accessToken;
  };
}
