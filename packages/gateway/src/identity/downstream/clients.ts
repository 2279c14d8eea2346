import type { ClientMetadata } from 'oidc-provider';
import type { EServiceConfig } from '../../config/index.ts';
import { allowedOidcScopes } from './personnummer-release.ts';

/**
 * An e-service's registration as oidc-provider client metadata: code flow only, a pairwise `sub`, client
 * credentials for its backend, back-channel logout (with `sid`) when it gave an address for it, and the
 * personnummer's scope only when it declared the need.
 */
export function clientMetadataFor(eService: EServiceConfig, idTokenAlg: 'RS256' | 'ES256'): ClientMetadata {
  const { client } = eService;
  const authentication: Partial<ClientMetadata> =
    client.tokenEndpointAuthMethod === 'private_key_jwt'
      ? { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: client.jwksUri }
      : { token_endpoint_auth_method: client.tokenEndpointAuthMethod, client_secret: client.clientSecret };
  return {
    client_id: client.clientId,
    client_name: eService.name.sv,
    application_type: 'web',
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    // Without a redirect address the e-service cannot log citizens in: its backend only uses client credentials.
    ...(client.redirectUris.length === 0
      ? { response_types: [], grant_types: ['client_credentials'] }
      : { response_types: ['code'], grant_types: ['authorization_code', 'client_credentials'] }),
    subject_type: 'pairwise',
    scope: allowedOidcScopes(eService),
    id_token_signed_response_alg: idTokenAlg,
    ...(client.backchannelLogoutUri === undefined
      ? {}
      : { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }),
    ...authentication,
  };
}
