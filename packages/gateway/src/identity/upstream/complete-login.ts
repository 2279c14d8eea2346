import { errors as joseErrors, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { type IdentityNumberKind, readIdentityNumber } from '../identity-number.ts';
import { LoginFailure, type LoginFailureReason } from '../login-failure.ts';
import { checkAuthorizationResponse } from './authorization-response.ts';
import { checkIdTokenClaims, clockToleranceSeconds } from './id-token-claims.ts';
import { idTokenAlgorithms, isUnreachable, type UpstreamProvider } from './provider-client.ts';

/** What the gateway kept from the start of this login, to check the answer against. */
export interface LoginExpectations {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly acrValues: readonly string[];
  readonly promptLogin: boolean;
  readonly maxAge?: number | undefined;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/** A citizen as the provider vouched for them, after every check passed. */
export interface UpstreamIdentity {
  readonly providerId: string;
  readonly number: string;
  readonly kind: IdentityNumberKind;
  readonly sub: string;
  readonly sid: string | undefined;
  readonly acr: string;
  readonly amr: readonly string[];
  /** Epoch seconds. */
  readonly authTime: number;
  /** Kept (sealed) only to send as `id_token_hint` at logout. */
  readonly idToken: string;
}

/**
 * Finishes a login at the provider's callback: checks the authorization response, redeems the code (PKCE),
 * verifies the ID token's signature against the provider's keys (openid-client does not, for a token from the
 * token endpoint), applies the claim checks the libraries leave to us, and reads the identity number from the
 * ID token or UserInfo. Throws LoginFailure with the reason; never returns a partial identity.
 */
export async function completeLogin(
  provider: UpstreamProvider,
  callbackUrl: URL,
  expected: LoginExpectations,
  now: () => number = Date.now,
): Promise<UpstreamIdentity> {
  const response = checkAuthorizationResponse(callbackUrl.searchParams, {
    state: expected.state,
    issuer: provider.issuer,
    issAdvertised: provider.issAdvertised,
  });
  if (!response.ok) throw new LoginFailure(response.reason);

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider.configuration, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
      ...(expected.maxAge === undefined ? {} : { maxAge: expected.maxAge }),
    });
  } catch (cause) {
    throw new LoginFailure(grantFailureReason(cause), { cause });
  }
  const idToken = tokens.id_token;
  if (idToken === undefined) throw new LoginFailure('id_token_missing');

  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(idToken, provider.keys.resolve, {
      issuer: provider.issuer,
      audience: provider.settings.clientId,
      algorithms: idTokenAlgorithms,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      clockTolerance: clockToleranceSeconds,
      currentDate: new Date(now()),
    });
    claims = verified.payload;
  } catch (cause) {
    throw new LoginFailure(verificationFailureReason(cause), { cause });
  }

  const nowSeconds = Math.floor(now() / 1000);
  const checked = checkIdTokenClaims(claims, {
    clientId: provider.settings.clientId,
    nonce: expected.nonce,
    acceptedAcr: expected.acrValues,
    freshSince: expected.promptLogin ? Math.floor(expected.startedAt / 1000) : undefined,
    maxAge: expected.maxAge,
    now: nowSeconds,
  });
  if (!checked.ok) throw new LoginFailure(checked.reason);

  let source: Record<string, unknown> = claims;
  if (provider.settings.claims.source === 'userinfo') {
    try {
      source = await oidc.fetchUserInfo(provider.configuration, tokens.access_token, checked.sub);
    } catch (cause) {
      throw new LoginFailure(userInfoFailureReason(cause), { cause });
    }
  }
  const number = readIdentityNumber(source, {
    personalIdentityNumber: provider.settings.claims.personalIdentityNumber,
    coordinationNumber: provider.settings.coordinationNumberClaim,
    allowCoordinationNumber: provider.settings.allowCoordinationNumber,
  });
  if (!number.ok) {
    throw new LoginFailure(
      number.problem === 'coordination_number_not_allowed'
        ? number.problem
        : `identity_number_${number.problem}`,
    );
  }
  return {
    providerId: provider.id,
    number: number.number,
    kind: number.kind,
    sub: checked.sub,
    sid: checked.sid,
    acr: checked.acr,
    amr: checked.amr,
    authTime: checked.authTime,
    idToken,
  };
}

const claimReasons: Readonly<Record<string, LoginFailureReason>> = {
  iss: 'id_token_iss',
  aud: 'id_token_aud',
  azp: 'id_token_azp',
  exp: 'id_token_exp',
  iat: 'id_token_iat',
  nonce: 'id_token_nonce',
  sub: 'id_token_sub',
  auth_time: 'auth_time_stale',
};

/** openid-client funnels everything into a few error types; the claim or header it names gives the reason. */
function grantFailureReason(error: unknown): LoginFailureReason {
  if (isUnreachable(error)) return 'provider_unreachable';
  if (error instanceof oidc.ResponseBodyError) return 'token_request_failed';
  if (error instanceof oidc.AuthorizationResponseError) return 'provider_error';
  if (!(error instanceof oidc.ClientError)) return 'id_token_invalid';
  const detail = (error.cause ?? {}) as { cause?: { claim?: unknown; header?: unknown }; message?: unknown };
  const claim = detail.cause?.claim;
  if (typeof claim === 'string' && claim in claimReasons) return claimReasons[claim] as LoginFailureReason;
  if (detail.cause?.header !== undefined) return 'id_token_alg';
  if (typeof detail.message === 'string' && detail.message.includes('"id_token"')) return 'id_token_missing';
  const named = typeof detail.message === 'string' ? /JWT "(\w+)"/.exec(detail.message)?.[1] : undefined;
  if (named !== undefined && named in claimReasons) return claimReasons[named] as LoginFailureReason;
  switch (error.code) {
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      return 'token_request_failed';
    case 'OAUTH_PARSE_ERROR':
      return 'id_token_malformed';
    default:
      return 'id_token_invalid';
  }
}

function verificationFailureReason(error: unknown): LoginFailureReason {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'id_token_signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return 'id_token_alg';
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return 'id_token_unknown_key';
  }
  if (error instanceof joseErrors.JWTExpired) return 'id_token_exp';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return claimReasons[error.claim] ?? 'id_token_invalid';
  if (error instanceof joseErrors.JOSEError) return 'id_token_malformed';
  return isUnreachable(error) ? 'provider_unreachable' : 'id_token_invalid';
}

function userInfoFailureReason(error: unknown): LoginFailureReason {
  if (isUnreachable(error)) return 'provider_unreachable';
  if (error instanceof oidc.ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
    return 'userinfo_subject_mismatch';
  }
  return 'userinfo_failed';
}
