import { stringify } from 'yaml';

/*
 * Shared by the config tests: one complete, valid production configuration and the environment it needs.
 * Secret values are distinctive so a test can prove they never reach any output.
 */

export const fixtureEnv = {
  BRYGGA_AUDIT_HMAC_KEY: 'SECRET-audit-hmac-0123456789abcdef0123456789',
  // A real Ed25519 key, made for these tests only: the gateway refuses to start with anything else.
  BRYGGA_CHECKPOINT_SIGNING_KEY:
    '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIDVjM/bVwJd1S2nbI5xU/2UiPL5pp3FBkujp5mByMPR8\n-----END PRIVATE KEY-----\n',
  BRYGGA_BANKID_CLIENT_KEY: 'SECRET-bankid-private-jwk',
  BRYGGA_ARENDE_API_KEY: 'SECRET-arende-api-key',
  BRYGGA_MINASIDOR_CLIENT_SECRET: 'SECRET-minasidor-client-secret-0123456789',
} as const;

export const secretValues = Object.values(fixtureEnv);

// biome-ignore lint/suspicious/noExplicitAny: test data is mutated freely by the tests that use it.
export type Data = Record<string, any>;

export function validConfigData(): Data {
  return {
    environment: 'production',
    server: { host: '0.0.0.0', port: 8080, publicUrl: 'https://brygga.exempel.se/' },
    logging: { level: 'warn' },
    identityProviders: [
      {
        id: 'bankid',
        name: 'BankID',
        kind: 'bankid',
        issuer: 'https://bankid-broker.exempel.se',
        clientId: 'brygga',
        clientAuthentication: {
          method: 'private_key_jwt',
          privateKey: { env: 'BRYGGA_BANKID_CLIENT_KEY' },
          keyId: 'brygga-2026',
        },
        claims: { personalIdentityNumber: 'ssn', source: 'userinfo' },
      },
    ],
    eServices: [
      {
        id: 'bygglov-ansokan',
        name: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
        description: { sv: 'Ansök om bygglov.' },
        owner: 'Stadsbyggnadsnämnden',
        responsible: { name: 'Karin Lindqvist', email: 'karin@exempel.se' },
        vendor: { name: 'Exempel AB', contact: 'support@exempel.se' },
        lifecycle: 'live',
        client: {
          clientId: 'bygglov',
          redirectUris: ['https://bygglov.exempel.se/callback'],
          jwksUri: 'https://bygglov.exempel.se/jwks.json',
        },
        identityProviders: ['bankid'],
        contracts: [{ contract: 'case-management', version: '2026-01-15' }],
        purposes: ['handlagga-bygglov'],
      },
      {
        id: 'mina-sidor',
        name: { sv: 'Mina sidor', en: 'My pages' },
        description: { sv: 'Dina ärenden.', en: 'Your cases.' },
        owner: 'Kommunstyrelsen',
        responsible: { name: 'Ali Haddad', email: 'ali@exempel.se' },
        vendor: { name: 'Exempel AB', contact: '+46 8 123 456' },
        lifecycle: 'development',
        accessibilityStatementUrl: 'https://exempel.se/tillganglighet',
        client: {
          clientId: 'mina-sidor',
          tokenEndpointAuthMethod: 'client_secret_post',
          clientSecret: { env: 'BRYGGA_MINASIDOR_CLIENT_SECRET' },
          redirectUris: ['https://minasidor.exempel.se/callback'],
          postLogoutRedirectUris: ['https://minasidor.exempel.se/'],
          backchannelLogoutUri: 'https://minasidor.exempel.se/logout',
        },
        identityProviders: ['bankid'],
        contracts: [
          { contract: 'case-management', version: '2025-06-01', businessSystem: 'arendehantering' },
        ],
        purposes: ['handlagga-bygglov'],
      },
    ],
    businessSystems: [
      {
        id: 'arendehantering',
        name: 'Ärendehantering',
        owner: 'Stadsbyggnadsförvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: 'https://arende.intern.exempel.se',
        contracts: ['case-management'],
        timeouts: { connectMs: 1000, requestMs: 5000 },
        credentials: { type: 'apiKey', key: { env: 'BRYGGA_ARENDE_API_KEY' } },
      },
    ],
    purposes: [
      {
        id: 'handlagga-bygglov',
        purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
        legalBasis: { article: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
        dataCategories: ['personnummer', 'namn'],
        dataSubjectCategories: ['sökande'],
        retentionClass: 'arende-10ar',
      },
    ],
    retentionClasses: [{ id: 'arende-10ar', duration: 'P10Y', description: 'Gallras efter tio år.' }],
    storage: { driver: 'sqlite', sqlite: { path: 'data/brygga.db' } },
    keys: {
      auditHmac: { keyId: 'audit-2', key: { env: 'BRYGGA_AUDIT_HMAC_KEY' } },
      checkpointSigning: { keyId: 'checkpoint-1', key: { env: 'BRYGGA_CHECKPOINT_SIGNING_KEY' } },
    },
  };
}

export function toYaml(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}

/** The 1-based line of the first line containing `needle` (after `from`), to check reported places. */
export function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let index = from - 1; index < lines.length; index++) {
    if (lines[index]?.includes(needle)) return index + 1;
  }
  throw new Error(`"${needle}" is not in the text`);
}
