/**
 * @brygga/sdk/auth: citizen login through the gateway and tokens for e-service backends, on openid-client.
 * Framework-independent: each helper takes and returns plain values; the web framework keeps the transaction
 * in its server-side session and does the redirects.
 */
export type { IdTokenClaims } from './claims.ts';
export { discoverGateway, type GatewayAuth, type GatewayAuthOptions } from './gateway.ts';
export {
  handleCallback,
  type LoginRequest,
  type LoginResult,
  type LoginTransaction,
  startLogin,
} from './login.ts';
export { LoginError, type LoginErrorCode } from './login-error.ts';
export { type LogoutRequest, logoutUrl } from './logout.ts';
export {
  type ClientCredentialsRequest,
  clientCredentials,
  clientCredentialsTokenSource,
  refresh,
  type TokenSet,
  type TokenSource,
} from './tokens.ts';
