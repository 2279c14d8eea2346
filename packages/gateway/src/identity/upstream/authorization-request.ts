/**
 * The parameters of an authorization request to an upstream identity provider, as the Swedish OIDC profile
 * wants them: code flow with PKCE S256, state and nonce, and the assurance level asked for as an essential
 * `acr` through the claims parameter. Pure: randomness and the PKCE challenge are passed in.
 */
export interface AuthorizationRequestInput {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  /** Allowed assurance levels, most wanted first; sent as essential values. */
  readonly acrValues: readonly string[];
  /** Step-up: force a new authentication at the provider. */
  readonly promptLogin: boolean;
  /** Step-up: the authentication must be at most this many seconds old. */
  readonly maxAge?: number | undefined;
  readonly uiLocales?: string | undefined;
}

export function authorizationParameters(input: AuthorizationRequestInput): Record<string, string> {
  const scopes = input.scopes.includes('openid') ? input.scopes : ['openid', ...input.scopes];
  return {
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: scopes.join(' '),
    state: input.state,
    nonce: input.nonce,
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    claims: JSON.stringify({ id_token: { acr: { essential: true, values: [...input.acrValues] } } }),
    ...(input.promptLogin ? { prompt: 'login' } : {}),
    ...(input.maxAge === undefined ? {} : { max_age: String(input.maxAge) }),
    ...(input.uiLocales === undefined ? {} : { ui_locales: input.uiLocales }),
  };
}

/**
 * The assurance levels to ask for: what the e-service asked for (an essential `acr` in its own claims
 * parameter), narrowed to what the provider is trusted for. Empty when the e-service asked only for levels this
 * provider is not allowed to give.
 */
export function acrValuesFor(
  accepted: readonly string[],
  requested: readonly string[] | undefined,
): string[] {
  if (requested === undefined || requested.length === 0) return [...accepted];
  return requested.filter((value) => accepted.includes(value));
}

/** Reads the essential `acr` values out of an e-service's `claims` parameter (undefined when none were asked). */
export function requestedAcrValues(claimsParameter: unknown): string[] | undefined {
  if (typeof claimsParameter !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claimsParameter);
  } catch {
    return undefined;
  }
  const acr = (parsed as { id_token?: { acr?: { essential?: unknown; value?: unknown; values?: unknown } } })
    ?.id_token?.acr;
  if (acr?.essential !== true) return undefined;
  if (Array.isArray(acr.values))
    return acr.values.filter((value): value is string => typeof value === 'string');
  if (typeof acr.value === 'string') return [acr.value];
  return undefined;
}
