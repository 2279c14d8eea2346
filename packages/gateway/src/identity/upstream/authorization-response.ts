import { timingSafeEqual } from 'node:crypto';
import type { LoginFailureReason } from '../login-failure.ts';

export interface AuthorizationResponseExpectations {
  readonly state: string;
  readonly issuer: string;
  /** The provider advertises `authorization_response_iss_parameter_supported` (RFC 9207). */
  readonly issAdvertised: boolean;
}

export type AuthorizationResponseResult =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: LoginFailureReason };

/**
 * Checks the redirect back from the provider before anything is sent to its token endpoint: each parameter
 * once, the `state` bound to this browser's login, the issuer (RFC 9207: required when advertised, and
 * always the provider this login went to, which stops mix-up between providers), then error or code.
 * openid-client repeats these checks; doing them here first gives each failure its own reason.
 */
export function checkAuthorizationResponse(
  params: URLSearchParams,
  expected: AuthorizationResponseExpectations,
): AuthorizationResponseResult {
  for (const name of ['state', 'iss', 'code', 'error']) {
    if (params.getAll(name).length > 1) return { ok: false, reason: 'state_mismatch' };
  }
  const state = params.get('state');
  if (state === null || !sameText(state, expected.state)) return { ok: false, reason: 'state_mismatch' };
  const iss = params.get('iss');
  if (iss === null && expected.issAdvertised) return { ok: false, reason: 'issuer_missing' };
  if (iss !== null && iss !== expected.issuer) return { ok: false, reason: 'issuer_mismatch' };
  const error = params.get('error');
  if (error !== null)
    return { ok: false, reason: error === 'access_denied' ? 'cancelled' : 'provider_error' };
  const code = params.get('code');
  if (code === null || code === '') return { ok: false, reason: 'code_missing' };
  return { ok: true, code };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
