import * as oidc from 'openid-client';
import { claimsProblem, type IdTokenClaims, pickClaims } from './claims.ts';
import type { GatewayAuth } from './gateway.ts';
import { LoginError, loginErrorFrom } from './login-error.ts';
import { scopeParameter, type TokenSet, tokenSetFrom } from './tokens.ts';

export interface LoginRequest {
  /** Contract names the citizen's access token is for, e.g. `['case-management']`; `openid` is always asked. */
  readonly scope?: readonly string[] | undefined;
  /** `login` forces a fresh e-identification (before signing-like steps). */
  readonly prompt?: 'login' | 'none' | undefined;
  /** Seconds since the last e-identification beyond which the person must identify again. */
  readonly maxAge?: number | undefined;
  /** Levels of assurance to ask for, most wanted first. */
  readonly acrValues?: readonly string[] | undefined;
  /** `sv` or `en`: the language of the gateway's login pages. */
  readonly uiLocales?: string | undefined;
}

/**
 * What to keep on the server between `startLogin` and `handleCallback`, bound to the person's browser (in the
 * server-side session, or a short-lived encrypted `SameSite=Lax` cookie). It holds secrets: never in a URL.
 */
export interface LoginTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly maxAge: number | undefined;
}

/**
 * The authorization URL to redirect the person to (code flow, PKCE S256, state and nonce), and the transaction
 * to keep for the callback.
 */
export async function startLogin(
  auth: GatewayAuth,
  request: LoginRequest = {},
): Promise<{ readonly url: URL; readonly transaction: LoginTransaction }> {
  const transaction: LoginTransaction = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    maxAge: request.maxAge,
  };
  const parameters: Record<string, string> = {
    redirect_uri: auth.options.redirectUri,
    response_type: 'code',
    scope: scopeParameter(request.scope, true) as string,
    code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: 'S256',
    state: transaction.state,
    nonce: transaction.nonce,
  };
  if (request.prompt) parameters.prompt = request.prompt;
  if (request.maxAge !== undefined) parameters.max_age = String(request.maxAge);
  if (request.acrValues?.length) parameters.acr_values = request.acrValues.join(' ');
  if (request.uiLocales) parameters.ui_locales = request.uiLocales;
  return { url: oidc.buildAuthorizationUrl(auth.config, parameters), transaction };
}

export interface LoginResult {
  readonly tokens: TokenSet;
  /** Who logged in (a pairwise `sub`) and how; never a personnummer. */
  readonly claims: IdTokenClaims;
}

/**
 * Completes the login from the callback URL the gateway sent the person to (the full URL, with its query):
 * checks `state`, the `iss` of the response (RFC 9207), the code verifier, the ID token's signature, `nonce`,
 * `aud`, `exp`, `auth_time` under `maxAge`, its age and `acr`. Fails with a {@link LoginError}.
 */
export async function handleCallback(
  auth: GatewayAuth,
  callbackUrl: string | URL,
  transaction: LoginTransaction,
): Promise<LoginResult> {
  const url = new URL(callbackUrl);
  // Checked here first, so a stale or forged callback is told apart from other failures.
  if (url.searchParams.get('state') !== transaction.state) {
    throw new LoginError('state_mismatch', 'The callback does not belong to this login.');
  }
  let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    response = await oidc.authorizationCodeGrant(auth.config, url, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
      ...(transaction.maxAge === undefined ? {} : { maxAge: transaction.maxAge }),
    });
  } catch (cause) {
    throw loginErrorFrom(cause);
  }
  const verified = response.claims();
  if (!verified) throw new LoginError('login_failed', 'The gateway sent no ID token.');
  const claims = pickClaims(verified);
  const problem = claimsProblem(claims, Math.floor(Date.now() / 1000), {
    acceptedAcr: auth.options.acceptedAcr,
    maxAgeSeconds: auth.options.maxIdTokenAgeSeconds ?? 600,
  });
  if (problem) throw new LoginError('login_failed', `The login is not accepted: ${problem}.`);
  return { tokens: tokenSetFrom(response, Date.now()), claims };
}
