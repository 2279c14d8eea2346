/**
 * What an e-service learns from the ID token: who (a pairwise `sub`, different for every e-service) and how
 * and when they logged in. Nothing else is passed on, so a personnummer or a name can never leak into an
 * e-service's session through this SDK, whatever the provider puts in the token.
 */
export interface IdTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly auth_time?: number;
  /** Level of assurance, e.g. `http://id.elegnamnden.se/loa/1.0/loa3`. */
  readonly acr?: string;
  readonly amr?: readonly string[];
  /** The login session, for back-channel logout. */
  readonly sid?: string;
}

const kept = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'sid'] as const;

/** The allowlisted claims of a verified ID token. Pure. */
export function pickClaims(claims: Readonly<Record<string, unknown>>): IdTokenClaims {
  const picked: Record<string, unknown> = {};
  for (const name of kept) if (claims[name] !== undefined) picked[name] = claims[name];
  return picked as unknown as IdTokenClaims;
}

/**
 * Why these claims are not acceptable, or undefined when they are: an `acr` outside the accepted list, or an
 * `iat` older than the limit (openid-client checks `exp` but not the age of `iat`). Pure.
 */
export function claimsProblem(
  claims: IdTokenClaims,
  nowSeconds: number,
  limits: { readonly acceptedAcr?: readonly string[] | undefined; readonly maxAgeSeconds: number },
): string | undefined {
  if (limits.acceptedAcr && !limits.acceptedAcr.includes(claims.acr ?? '')) {
    return `the level of assurance (acr) ${claims.acr ?? '(none)'} is not accepted`;
  }
  if (nowSeconds - claims.iat > limits.maxAgeSeconds) return 'the ID token was issued too long ago';
  return undefined;
}
