import * as oidc from 'openid-client';

export interface GatewayAuthOptions {
  /** The gateway's OpenID issuer, e.g. `https://brygga.stad.se/oidc`; its discovery document is read once. */
  readonly issuer: string | URL;
  /** The e-service's client id, as registered in brygga.config.yaml. */
  readonly clientId: string;
  /** For `client_secret_basic`; give `clientAuthentication` instead for `private_key_jwt`. */
  readonly clientSecret?: string | undefined;
  /** E.g. `oidc.PrivateKeyJwt(privateKey, { kid })` from openid-client. Overrides `clientSecret`. */
  readonly clientAuthentication?: oidc.ClientAuth | undefined;
  /** Where the gateway sends the person back after login; registered with the gateway. */
  readonly redirectUri: string;
  /** Where the gateway sends the person after logout; registered with the gateway. */
  readonly postLogoutRedirectUri?: string | undefined;
  /** Accepted `acr` values (levels of assurance); a login with any other fails. Default: any. */
  readonly acceptedAcr?: readonly string[] | undefined;
  /** An ID token issued longer ago than this is refused (openid-client does not bound `iat`). Default 600. */
  readonly maxIdTokenAgeSeconds?: number | undefined;
  /** Allow an `http://` issuer: for the local development stack only, never in production. */
  readonly allowInsecureHttp?: boolean | undefined;
  /** Transport for every request to the gateway's OpenID endpoints. */
  readonly fetch?: typeof globalThis.fetch | undefined;
}

/** A discovered gateway and the e-service's registration at it; pass it to the other helpers. */
export interface GatewayAuth {
  /** openid-client's configuration, for anything these helpers do not cover. */
  readonly config: oidc.Configuration;
  readonly options: GatewayAuthOptions;
}

/**
 * Reads the gateway's OpenID configuration and keys, checking the issuer it declares. ID token signatures are
 * verified (openid-client skips that by default for tokens from the token endpoint).
 *
 * @example
 * const auth = await discoverGateway({ issuer: 'https://brygga.stad.se/oidc', clientId, clientSecret, redirectUri });
 */
export async function discoverGateway(options: GatewayAuthOptions): Promise<GatewayAuth> {
  const clientAuthentication =
    options.clientAuthentication ??
    (options.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(options.clientSecret));
  const config = await oidc.discovery(
    new URL(options.issuer),
    options.clientId,
    undefined,
    clientAuthentication,
    {
      execute: [
        ...(options.allowInsecureHttp ? [oidc.allowInsecureRequests] : []),
        oidc.enableNonRepudiationChecks,
      ],
      ...(options.fetch ? { [oidc.customFetch]: customFetch(options.fetch) } : {}),
    },
  );
  return { config, options };
}

// openid-client types request bodies more widely than the DOM's RequestInit; the values it sends fit both.
function customFetch(fetch: typeof globalThis.fetch): oidc.CustomFetch {
  return (url, init) => fetch(url, init as RequestInit);
}
