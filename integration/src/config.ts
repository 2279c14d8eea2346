import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The secrets the configurations below name, with test-only values (the HMAC key needs 32 characters). */
export const gatewaySecrets = {
  BRYGGA_AUDIT_HMAC_KEY: 'integration-audit-hmac-key-0123456789abcdef',
  // A real Ed25519 key: the gateway refuses to start without one (checkpoints must be verifiable).
  BRYGGA_CHECKPOINT_SIGNING_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  BRYGGA_ARENDE_API_KEY: 'integration-arende-api-key',
  BRYGGA_OFFICIAL_TOKEN: 'integration-official-token-0123456789abcdef',
} as const;

export interface LinkedSystem {
  readonly id: string;
  readonly name: string;
  readonly baseUrl: string;
}

export interface GatewayConfigOptions {
  readonly port: number;
  /** SQLite at `path` (relative to the file), or PostgreSQL at the URL in BRYGGA_DATABASE_URL. */
  readonly storage: { readonly driver: 'sqlite'; readonly path: string } | { readonly driver: 'postgres' };
  readonly businessSystems?: readonly LinkedSystem[];
}

/** A configuration for `environment: test` on 127.0.0.1, written as a person would write it. */
export function gatewayConfig(options: GatewayConfigOptions): string {
  const systems = options.businessSystems ?? [];
  // JSON strings are valid YAML scalars: names with any characters stay what they are.
  const q = (value: string) => JSON.stringify(value);
  return [
    'environment: test',
    'server:',
    '  host: 127.0.0.1',
    `  port: ${options.port}`,
    '  shutdownGraceMs: 5000',
    'logging:',
    '  level: info',
    ...(systems.length === 0 ? [] : ['businessSystems:']),
    ...systems.flatMap((system) => [
      `  - id: ${system.id}`,
      `    name: ${q(system.name)}`,
      '    owner: Stadsbyggnadsförvaltningen',
      '    adapter: "@brygga/adapter-case-management"',
      `    baseUrl: ${q(system.baseUrl)}`,
      '    credentials: { type: apiKey, key: { env: BRYGGA_ARENDE_API_KEY } }',
    ]),
    ...storageKeysAuditYaml(options.storage),
    '',
  ].join('\n');
}

/** The building-permit purpose and its retention class, as YAML lines (the sections `purposes:` and on). */
export function bygglovPurposeYaml(): string[] {
  return [
    'purposes:',
    '  - id: handlagga-bygglov',
    '    purpose: { sv: Handlägga bygglov., en: Process building permits. }',
    '    legalBasis: { article: 6(1)(e), reference: plan- och bygglagen (2010:900) }',
    '    dataCategories: [personnummer, namn, fastighetsbeteckning]',
    '    dataSubjectCategories: [sökande]',
    '    retentionClass: arende-10ar',
    'retentionClasses:',
    '  - { id: arende-10ar, duration: P10Y, description: Gallras efter tio år. }',
  ];
}

/** The storage, keys and audit sections every test gateway needs, as YAML lines; secrets from gatewaySecrets. */
export function storageKeysAuditYaml(storage: GatewayConfigOptions['storage']): string[] {
  const q = (value: string) => JSON.stringify(value);
  return [
    'storage:',
    ...(storage.driver === 'sqlite'
      ? ['  driver: sqlite', `  sqlite: { path: ${q(storage.path)} }`]
      : ['  driver: postgres', '  postgres: { url: { env: BRYGGA_DATABASE_URL }, poolMax: 4 }']),
    'keys:',
    '  auditHmac: { keyId: audit-1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: checkpoint-1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
    'audit:',
    '  officials:',
    '    - { id: registrator, name: Registrator, token: { env: BRYGGA_OFFICIAL_TOKEN } }',
  ];
}

/**
 * The keys and audit sections of a gateway with citizen login, as an object for a JSON (= YAML) file: the three
 * identity keys come from IDENTITY_SIGNING, IDENTITY_SUBJECTS and IDENTITY_SESSIONS, which the caller sets.
 */
export function identityKeysAndAudit(dir: string) {
  return {
    storage: { driver: 'sqlite', sqlite: { path: join(dir, 'brygga.db') } },
    keys: {
      auditHmac: { keyId: 'audit-1', key: { env: 'BRYGGA_AUDIT_HMAC_KEY' } },
      checkpointSigning: { keyId: 'checkpoint-1', key: { env: 'BRYGGA_CHECKPOINT_SIGNING_KEY' } },
      identitySigning: { keyId: 'sig-1', key: { env: 'IDENTITY_SIGNING' } },
      identitySubjects: { keyId: 'sub-1', key: { env: 'IDENTITY_SUBJECTS' } },
      identitySessions: { keyId: 'ses-1', key: { env: 'IDENTITY_SESSIONS' } },
    },
    audit: { checkpointDir: join(dir, 'checkpoints') },
  } as const;
}

export interface Mistake {
  /** As `brygga config check` names it, e.g. `eServices[0].purposes[0]`. */
  readonly path: string;
  readonly line: number;
}

/**
 * A complete configuration with exactly three mistakes of different kinds: an unknown key (a typo), a value
 * of the wrong type, and a reference to a purpose that is not defined.
 */
export function configWithThreeMistakes(): { text: string; mistakes: readonly Mistake[] } {
  const lines = [
    'environment: test',
    'server:',
    '  port: eighty',
    'loging:',
    '  level: info',
    'identityProviders:',
    '  - id: bankid',
    '    name: BankID',
    '    kind: bankid',
    '    issuer: https://bankid-broker.exempel.se',
    '    clientId: brygga',
    '    clientAuthentication: { method: private_key_jwt, privateKey: { env: BRYGGA_BANKID_KEY }, keyId: k1 }',
    '    claims: { personalIdentityNumber: ssn, source: userinfo }',
    'eServices:',
    '  - id: bygglov-ansokan',
    '    name: { sv: Ansök om bygglov, en: Apply for a building permit }',
    '    description: { sv: Ansök om bygglov. }',
    '    owner: Stadsbyggnadsnämnden',
    '    responsible: { name: Karin Lindqvist, email: karin@exempel.se }',
    '    vendor: { name: Exempel AB, contact: support@exempel.se }',
    '    lifecycle: live',
    '    client:',
    '      clientId: bygglov',
    '      redirectUris: [https://bygglov.exempel.se/callback]',
    '      jwksUri: https://bygglov.exempel.se/jwks.json',
    '    identityProviders: [bankid]',
    '    purposes:',
    '      - skattekontroll',
    'purposes:',
    '  - id: handlagga-bygglov',
    '    purpose: { sv: Handlägga bygglov., en: Process building permits. }',
    '    legalBasis: { article: 6(1)(e) }',
    '    dataCategories: [personnummer]',
    '    dataSubjectCategories: [sökande]',
    '    retentionClass: arende-10ar',
    'retentionClasses:',
    '  - { id: arende-10ar, duration: P10Y, description: Gallras efter tio år. }',
    'keys:',
    '  auditHmac: { keyId: audit-1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: checkpoint-1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
    '',
  ];
  const lineOf = (text: string) => lines.indexOf(text) + 1;
  return {
    text: lines.join('\n'),
    mistakes: [
      { path: 'server.port', line: lineOf('  port: eighty') },
      { path: 'loging', line: lineOf('loging:') },
      { path: 'eServices[0].purposes[0]', line: lineOf('      - skattekontroll') },
    ],
  };
}

export interface TempDir {
  readonly path: string;
  /** Writes `text` to `name` inside the folder (creating its subfolders) and returns the file's absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    path,
    write(name, text) {
      const file = join(path, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
