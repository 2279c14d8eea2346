import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { importJWK, importPKCS8, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { BryggaConfig } from '../../config/index.ts';
import { type FetchJwks, JwksCache } from './jwks-cache.ts';

export type ProviderSettings = BryggaConfig['identityProviders'][number];

/** Asymmetric algorithms an upstream ID token may be signed with. `none` and shared-secret HS* never are. */
export const idTokenAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

/** An identity provider the gateway has discovered and can send citizens to. */
export interface UpstreamProvider {
  readonly id: string;
  readonly settings: ProviderSettings;
  readonly configuration: oidc.Configuration;
  readonly issuer: string;
  /** RFC 9207: the provider promises `iss` in every authorization response. */
  readonly issAdvertised: boolean;
  readonly authorizationEndpoint: string;
  readonly endSessionEndpoint: string | undefined;
  readonly keys: JwksCache;
}

/** Why discovery failed: worth retrying later, or a mistake that must stop the start. */
export class DiscoveryError extends Error {
  readonly providerId: string;
  readonly retryable: boolean;
  constructor(providerId: string, retryable: boolean, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiscoveryError';
    this.providerId = providerId;
    this.retryable = retryable;
  }
}

export interface DiscoverOptions {
  readonly environment: BryggaConfig['environment'];
  /** Seconds. Default 10. */
  readonly timeoutSeconds?: number;
  readonly fetchJwks?: FetchJwks;
  readonly now?: () => number;
  readonly jwksCooldownMs?: number;
}

/**
 * Fetches the provider's discovery document and builds its openid-client configuration. openid-client refuses a
 * document whose `issuer` is not the configured one; an http:// issuer is refused in production whatever
 * the configuration says, and elsewhere only with `allowInsecureHttp`.
 */
export async function discoverProvider(
  settings: ProviderSettings,
  options: DiscoverOptions,
): Promise<UpstreamProvider> {
  const issuerUrl = new URL(settings.issuer);
  const insecure = issuerUrl.protocol === 'http:';
  if (insecure && (options.environment === 'production' || !settings.allowInsecureHttp)) {
    throw new DiscoveryError(settings.id, false, `The issuer of ${settings.id} is not https.`);
  }
  const clientAuth = await clientAuthentication(settings);
  let configuration: oidc.Configuration;
  try {
    configuration = await oidc.discovery(issuerUrl, settings.clientId, undefined, clientAuth, {
      timeout: options.timeoutSeconds ?? 10,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  } catch (cause) {
    const retryable = isUnreachable(cause);
    throw new DiscoveryError(
      settings.id,
      retryable,
      retryable
        ? `The identity provider ${settings.id} did not answer its discovery request.`
        : `The discovery document of ${settings.id} was refused (wrong issuer or invalid metadata).`,
      { cause },
    );
  }
  const metadata = configuration.serverMetadata();
  if (metadata.jwks_uri === undefined || metadata.authorization_endpoint === undefined) {
    throw new DiscoveryError(settings.id, false, `The discovery document of ${settings.id} lacks endpoints.`);
  }
  return {
    id: settings.id,
    settings,
    configuration,
    issuer: metadata.issuer,
    issAdvertised: metadata.authorization_response_iss_parameter_supported === true,
    authorizationEndpoint: metadata.authorization_endpoint,
    endSessionEndpoint: metadata.end_session_endpoint,
    keys: new JwksCache({
      uri: metadata.jwks_uri,
      ...(options.fetchJwks ? { fetchJwks: options.fetchJwks } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.jwksCooldownMs === undefined ? {} : { cooldownMs: options.jwksCooldownMs }),
    }),
  };
}

/** A network failure, a timeout or a 5xx: the provider may well answer later. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof TypeError && !('code' in error)) return true;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return true;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof Response && cause.status >= 500;
}

/** private_key_jwt with our key (the profile's default), or the configured client secret fallback. */
async function clientAuthentication(settings: ProviderSettings): Promise<oidc.ClientAuth> {
  const auth = settings.clientAuthentication;
  switch (auth.method) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(auth.clientSecret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(auth.clientSecret);
    case 'private_key_jwt': {
      const key = await importPrivateKey(auth.privateKey);
      return oidc.PrivateKeyJwt(auth.keyId === undefined ? key : { key, kid: auth.keyId });
    }
  }
}

/** A private key given as a PKCS#8 PEM or a private JWK, with the JWS algorithm its type implies. */
export async function importPrivateKey(text: string): Promise<CryptoKey> {
  const trimmed = text.trim();
  const isJwk = trimmed.startsWith('{');
  const keyObject = isJwk
    ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
    : createPrivateKey(trimmed);
  const alg = signingAlgorithmOf(keyObject);
  if (isJwk) return (await importJWK(JSON.parse(trimmed) as JWK, alg)) as CryptoKey;
  return importPKCS8(keyObject.export({ type: 'pkcs8', format: 'pem' }).toString(), alg);
}

export function signingAlgorithmOf(key: KeyObject): 'RS256' | 'ES256' | 'EdDSA' {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
      break;
    case 'ed25519':
      return 'EdDSA';
  }
  throw new TypeError('Unsupported key type: use RSA, EC P-256 or Ed25519.');
}
