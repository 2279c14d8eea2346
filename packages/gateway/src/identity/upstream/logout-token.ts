import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { clockToleranceSeconds } from './id-token-claims.ts';
import { idTokenAlgorithms, type UpstreamProvider } from './provider-client.ts';

export const backchannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token must be this fresh, and live at most this long (OIDC Back-Channel Logout 1.0 §2.4 asks for "short"). */
export const maxLogoutTokenAgeSeconds = 300;

export type LogoutTokenProblem =
  | 'malformed'
  | 'unknown_issuer'
  | 'signature'
  | 'alg'
  | 'unknown_key'
  | 'iss'
  | 'aud'
  | 'typ'
  | 'iat'
  | 'exp'
  | 'jti'
  | 'replayed'
  | 'events'
  | 'subject'
  | 'nonce'
  | 'unavailable';

export class LogoutTokenError extends Error {
  readonly problem: LogoutTokenProblem;
  constructor(problem: LogoutTokenProblem, options?: { cause?: unknown }) {
    super(`logout token refused: ${problem}`, options);
    this.name = 'LogoutTokenError';
    this.problem = problem;
  }
}

export interface LogoutRequest {
  readonly provider: UpstreamProvider;
  readonly sid: string | undefined;
  readonly sub: string | undefined;
}

export interface LogoutTokenOptions {
  /** The discovered provider whose issuer the token names. */
  readonly providerFor: (issuer: string) => Promise<UpstreamProvider | undefined>;
  /** Records the `jti`; false when it was seen before (a replay). */
  readonly rememberJti: (providerId: string, jti: string, expiresAt: number) => Promise<boolean>;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

/**
 * Validates an OpenID Connect back-channel logout token fully (§2.6): a known issuer, its signature with that
 * provider's keys and an asymmetric algorithm, `aud` our client id, `typ` logout+jwt when given, `iat` fresh,
 * a short `exp`, the logout event, `sid` or `sub`, no `nonce` (so an ID token cannot pass as one), and a `jti`
 * never seen before.
 */
export async function validateLogoutToken(
  token: string,
  options: LogoutTokenOptions,
): Promise<LogoutRequest> {
  const now = options.now ?? Date.now;
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    unverified = decodeJwt(token);
  } catch (cause) {
    throw new LogoutTokenError('malformed', { cause });
  }
  const provider = typeof unverified.iss === 'string' ? await options.providerFor(unverified.iss) : undefined;
  if (provider === undefined) throw new LogoutTokenError('unknown_issuer');

  let claims: Record<string, unknown>;
  let typ: string | undefined;
  try {
    const verified = await jwtVerify(token, provider.keys.resolve, {
      issuer: provider.issuer,
      audience: provider.settings.clientId,
      algorithms: idTokenAlgorithms,
      requiredClaims: ['iat', 'exp', 'jti', 'events'],
      clockTolerance: clockToleranceSeconds,
      currentDate: new Date(now()),
    });
    claims = verified.payload;
    typ = verified.protectedHeader.typ;
  } catch (cause) {
    throw new LogoutTokenError(problemOf(cause), { cause });
  }
  if (typ !== undefined && typ.toLowerCase().replace(/^application\//, '') !== 'logout+jwt') {
    throw new LogoutTokenError('typ');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length !== 1) throw new LogoutTokenError('aud');
  const nowSeconds = Math.floor(now() / 1000);
  const iat = claims.iat as number;
  if (iat > nowSeconds + clockToleranceSeconds || iat < nowSeconds - maxLogoutTokenAgeSeconds) {
    throw new LogoutTokenError('iat');
  }
  const exp = claims.exp as number;
  if (exp - iat > maxLogoutTokenAgeSeconds) throw new LogoutTokenError('exp');
  const events = claims.events;
  const event =
    typeof events === 'object' && events !== null && !Array.isArray(events)
      ? (events as Record<string, unknown>)[backchannelLogoutEvent]
      : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new LogoutTokenError('events');
  if ('nonce' in claims) throw new LogoutTokenError('nonce');
  const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
  const sub = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
  if (sid === undefined && sub === undefined) throw new LogoutTokenError('subject');
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) throw new LogoutTokenError('jti');
  // Kept as long as the token is accepted: its exp plus the clock tolerance jwtVerify allows above.
  const acceptedUntil = (exp + clockToleranceSeconds) * 1000;
  if (!(await options.rememberJti(provider.id, jti, acceptedUntil))) throw new LogoutTokenError('replayed');
  return { provider, sid, sub };
}

function problemOf(error: unknown): LogoutTokenProblem {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported)
    return 'alg';
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return 'unknown_key';
  }
  if (error instanceof joseErrors.JWTExpired) return 'exp';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'iss';
      case 'aud':
        return 'aud';
      case 'iat':
        return 'iat';
      case 'exp':
        return 'exp';
      case 'jti':
        return 'jti';
      case 'events':
        return 'events';
      default:
        return 'malformed';
    }
  }
  if (error instanceof joseErrors.JOSEError) return 'malformed';
  return 'unavailable';
}
