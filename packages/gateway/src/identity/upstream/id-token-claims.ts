import type { LoginFailureReason } from '../login-failure.ts';

/** Clock tolerance for times set by another machine, in seconds. */
export const clockToleranceSeconds = 30;
/** An ID token older than this is refused, even if its `exp` is later: openid-client does not bound `iat`. */
export const maxIdTokenAgeSeconds = 300;

export interface IdTokenExpectations {
  readonly clientId: string;
  readonly nonce: string;
  readonly acceptedAcr: readonly string[];
  /** The login asked for `prompt=login`: the authentication must have happened after this (epoch seconds). */
  readonly freshSince?: number | undefined;
  /** The login asked for `max_age`, in seconds. */
  readonly maxAge?: number | undefined;
  /** Epoch seconds. */
  readonly now: number;
}

export type IdTokenClaimsResult =
  | {
      readonly ok: true;
      readonly sub: string;
      readonly acr: string;
      readonly authTime: number;
      readonly sid: string | undefined;
      readonly amr: readonly string[];
    }
  | { readonly ok: false; readonly reason: LoginFailureReason };

/**
 * The checks on a signature-verified ID token that the libraries leave to the relying party: exactly this
 * client as audience (no extra, untrusted audiences), `iat` fresh, the nonce, `acr` on the allowlist, and
 * `auth_time` present and recent enough for `prompt=login` or `max_age`. Pure.
 */
export function checkIdTokenClaims(
  claims: Readonly<Record<string, unknown>>,
  expected: IdTokenExpectations,
): IdTokenClaimsResult {
  const { now } = expected;
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences.length !== 1 || audiences[0] !== expected.clientId)
    return { ok: false, reason: 'id_token_aud' };
  if (claims.azp !== undefined && claims.azp !== expected.clientId)
    return { ok: false, reason: 'id_token_azp' };
  if (typeof claims.exp !== 'number' || claims.exp <= now - clockToleranceSeconds) {
    return { ok: false, reason: 'id_token_exp' };
  }
  const iat = claims.iat;
  if (
    typeof iat !== 'number' ||
    iat > now + clockToleranceSeconds ||
    iat < now - maxIdTokenAgeSeconds - clockToleranceSeconds
  ) {
    return { ok: false, reason: 'id_token_iat' };
  }
  if (claims.nonce !== expected.nonce) return { ok: false, reason: 'id_token_nonce' };
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') return { ok: false, reason: 'id_token_sub' };
  const acr = claims.acr;
  if (acr === undefined) return { ok: false, reason: 'acr_missing' };
  if (typeof acr !== 'string' || !expected.acceptedAcr.includes(acr))
    return { ok: false, reason: 'acr_not_allowed' };
  const authTime = claims.auth_time;
  if (typeof authTime !== 'number' || !Number.isFinite(authTime))
    return { ok: false, reason: 'auth_time_missing' };
  if (authTime > now + clockToleranceSeconds) return { ok: false, reason: 'auth_time_stale' };
  if (expected.freshSince !== undefined && authTime < expected.freshSince - clockToleranceSeconds) {
    return { ok: false, reason: 'auth_time_stale' };
  }
  if (expected.maxAge !== undefined && authTime + expected.maxAge < now - clockToleranceSeconds) {
    return { ok: false, reason: 'auth_time_stale' };
  }
  const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((value) => typeof value === 'string') : [];
  return { ok: true, sub, acr, authTime, sid, amr };
}
