import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { BryggaConfig, EServiceConfig } from '../config/index.ts';

/** The page's paths. Swedish, as the citizen reads them; the English version is the same page with `?lang=en`. */
export const citizenPaths = {
  page: '/mina-uppgifter',
  login: '/mina-uppgifter/logga-in',
  callback: '/mina-uppgifter/inloggad',
  logout: '/mina-uppgifter/logga-ut',
  loggedOut: '/mina-uppgifter/utloggad',
  csv: '/mina-uppgifter/ladda-ner.csv',
  json: '/mina-uppgifter/ladda-ner.json',
  stylesheet: '/assets/mina-uppgifter.css',
} as const;

/** The OpenID client id the page has at the gateway's own OpenID Provider. Not an e-service of the configuration. */
export const citizenClientId = 'brygga-mina-uppgifter';

/** The page's name, shown on the login choice and logout pages and in the citizen's own records. */
export const citizenPageName = { sv: 'Mina uppgifter', en: 'Who used my data' } as const;

/**
 * The page as an internal client of the gateway's own OpenID Provider ("dogfooding": the citizen logs in exactly
 * as they do for any e-service, with the same BankID brokering, session timeouts and logout), plus the key that
 * seals its cookies.
 */
export interface CitizenClient {
  /** Registered with the provider beside the configured e-services (`createIdentity({ internalEServices })`). */
  readonly eService: EServiceConfig;
  readonly clientSecret: string;
  /** AES-256-GCM key for the page's cookies. */
  readonly cookieKey: Uint8Array;
  /** Key id of the sealed cookies (the identity session key's id), so a key change shows as a stale cookie. */
  readonly cookieKeyId: string;
}

/**
 * Derives the client's secret and cookie key from the identity session secret (`keys.identitySessions`), so every
 * gateway instance sharing the configuration agrees on them. Without that key (development and test only: the
 * identity part refuses production without it) both are random for this start, like the identity keys then are.
 * Call once per start and hand the same value to `createIdentity` and `citizenRoutes`.
 */
export function citizenClient(
  config: Pick<BryggaConfig, 'server' | 'identityProviders' | 'keys'>,
): CitizenClient {
  const configured = config.keys.identitySessions;
  const secret = configured === undefined ? randomBytes(32) : Buffer.from(configured.key, 'utf8');
  const publicUrl = config.server.publicUrl;
  const clientSecret = Buffer.from(derive(secret, 'brygga/citizen/client-secret')).toString('base64url');
  return {
    clientSecret,
    cookieKey: derive(secret, 'brygga/citizen/cookie-sealing'),
    cookieKeyId: (configured?.keyId ?? 'dev').replace(/[^A-Za-z0-9_.-]/g, '_'),
    eService: {
      id: citizenClientId,
      name: { ...citizenPageName },
      description: {
        sv: 'Gatewayens egen sida där en person ser vem som har använt hens uppgifter.',
        en: "The gateway's own page where a person sees who has used their data.",
      },
      owner: 'Brygga',
      responsible: { name: 'Brygga', email: 'noreply@brygga.invalid', public: false },
      vendor: { name: 'Brygga', contact: 'https://brygga.invalid' },
      lifecycle: 'live',
      client: {
        clientId: citizenClientId,
        tokenEndpointAuthMethod: 'client_secret_basic',
        clientSecret,
        redirectUris: [`${publicUrl}${citizenPaths.callback}`],
        postLogoutRedirectUris: [`${publicUrl}${citizenPaths.loggedOut}`],
      },
      identityProviders: config.identityProviders.map((provider) => provider.id),
      // No contracts: its access tokens open none of the gateway's APIs; they only name the login session.
      contracts: [],
      purposes: ['brygga-registerutdrag'],
    },
  };
}

/** HKDF with a label per use, as the identity keys are derived: the derived keys are unrelated to each other. */
function derive(secret: Uint8Array, label: string): Uint8Array {
  const salt = createHash('sha256').update('brygga').digest();
  return new Uint8Array(hkdfSync('sha256', secret, salt, label, 32));
}
