import * as oidc from 'openid-client';
import type { GatewayAuth } from './gateway.ts';

export interface LogoutRequest {
  /** The ID token from the login (`tokens.idToken`): tells the gateway whose session to end. */
  readonly idToken: string;
  /** Default: the `postLogoutRedirectUri` the helpers were set up with. */
  readonly postLogoutRedirectUri?: string | undefined;
  /** Comes back unchanged on the redirect, to tie it to this logout. */
  readonly state?: string | undefined;
}

/**
 * The gateway's end-session URL (RP-initiated logout, with `id_token_hint`). End your own session first, then
 * redirect the person here: the gateway ends its session and the other e-services' (back-channel logout).
 */
export function logoutUrl(auth: GatewayAuth, request: LogoutRequest): URL {
  const parameters: Record<string, string> = { id_token_hint: request.idToken };
  const redirect = request.postLogoutRedirectUri ?? auth.options.postLogoutRedirectUri;
  if (redirect) parameters.post_logout_redirect_uri = redirect;
  if (request.state) parameters.state = request.state;
  return oidc.buildEndSessionUrl(auth.config, parameters);
}
