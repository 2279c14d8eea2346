/**
 * Why a citizen login did not complete. `reason` is a stable code for logs and tests; `kind` decides what the
 * citizen is told. Neither ever carries data from the provider's response.
 */
export type LoginFailureKind = 'cancelled' | 'expired' | 'rejected' | 'unavailable' | 'misconfigured';

export type LoginFailureReason =
  // the round trip itself
  | 'cancelled'
  | 'provider_error'
  | 'no_transaction'
  | 'interaction_expired'
  | 'state_mismatch'
  | 'issuer_missing'
  | 'issuer_mismatch'
  | 'code_missing'
  | 'token_request_failed'
  | 'provider_unreachable'
  // the ID token
  | 'id_token_missing'
  | 'id_token_malformed'
  | 'id_token_alg'
  | 'id_token_signature'
  | 'id_token_unknown_key'
  | 'id_token_iss'
  | 'id_token_aud'
  | 'id_token_azp'
  | 'id_token_exp'
  | 'id_token_iat'
  | 'id_token_nonce'
  | 'id_token_sub'
  | 'id_token_invalid'
  | 'acr_missing'
  | 'acr_not_allowed'
  | 'acr_not_available'
  | 'auth_time_missing'
  | 'auth_time_stale'
  // UserInfo
  | 'userinfo_failed'
  | 'userinfo_subject_mismatch'
  // the person
  | 'identity_number_missing'
  | 'identity_number_malformed'
  | 'identity_number_invalid'
  | 'coordination_number_not_allowed'
  // the gateway itself
  | 'audit_unavailable'
  // the setup
  | 'unknown_provider'
  | 'unknown_client'
  | 'forbidden_origin';

const kinds: Partial<Record<LoginFailureReason, LoginFailureKind>> = {
  cancelled: 'cancelled',
  no_transaction: 'expired',
  interaction_expired: 'expired',
  provider_unreachable: 'unavailable',
  audit_unavailable: 'unavailable',
  unknown_provider: 'misconfigured',
  unknown_client: 'misconfigured',
  acr_not_available: 'misconfigured',
};

export function failureKind(reason: LoginFailureReason): LoginFailureKind {
  return kinds[reason] ?? 'rejected';
}

export class LoginFailure extends Error {
  readonly reason: LoginFailureReason;
  readonly kind: LoginFailureKind;

  constructor(reason: LoginFailureReason, options?: { cause?: unknown }) {
    super(`login failed: ${reason}`, options);
    this.name = 'LoginFailure';
    this.reason = reason;
    this.kind = failureKind(reason);
  }

  static is(value: unknown): value is LoginFailure {
    return value instanceof LoginFailure;
  }
}
