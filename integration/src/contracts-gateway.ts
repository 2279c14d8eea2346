// The configuration pieces of a gateway that serves contract calls to e-services (HTTP Basic client
// credentials) without any citizen login, as the end-to-end tests of contracts, the outbox, e-mail and the portal
// write it: YAML lines, in the order an operator writes the file.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Fails early, with the fix, when `adapterPackage` cannot be resolved from the working directory: the gateway
 * loads adapters from the deployment folder, which is the working directory (the repo root in these tests).
 */
export function assertAdapterResolvable(adapterPackage: string): void {
  try {
    createRequire(join(process.cwd(), 'package.json')).resolve(adapterPackage);
  } catch {
    throw new Error(
      `${adapterPackage} cannot be resolved from ${process.cwd()}: run vitest from the repo root.`,
    );
  }
}

/** The secret of the BankID provider named by `contractsGatewayHeaderYaml`; put it in the gateway's env. */
export const unreachableBankIdSecret = { BRYGGA_BANKID_CLIENT_SECRET: 'bankid-client-secret' } as const;

/**
 * `environment`, `server` on 127.0.0.1, `logging` and a BankID provider, as YAML lines. E-services must name a
 * provider; nothing answers at its issuer and the gateway starts anyway (discovery is retried on the first
 * login, which never comes in these tests).
 */
export function contractsGatewayHeaderYaml(options: {
  readonly port?: number;
  readonly publicUrl?: string;
  readonly logLevel: 'debug' | 'info';
}): string[] {
  return [
    'environment: test',
    'server:',
    '  host: 127.0.0.1',
    ...(options.port === undefined ? [] : [`  port: ${options.port}`]),
    ...(options.publicUrl === undefined ? [] : [`  publicUrl: ${options.publicUrl}`]),
    '  shutdownGraceMs: 2000',
    `logging: { level: ${options.logLevel} }`,
    'identityProviders:',
    '  - id: bankid',
    '    name: BankID',
    '    kind: bankid',
    '    issuer: https://127.0.0.1:1/bankid',
    '    clientId: brygga',
    '    clientAuthentication: { method: client_secret_basic, clientSecret: { env: BRYGGA_BANKID_CLIENT_SECRET } }',
  ];
}

export interface EServiceYamlOptions {
  /** Also the client id; the callback is https://<id>.exempel.se/callback. */
  readonly id: string;
  /** YAML flow text, e.g. `{ sv: Bygglov, en: Building permit }`. */
  readonly name: string;
  /** YAML flow text. */
  readonly description: string;
  /** The environment variable holding the client secret. */
  readonly secretEnv: string;
  readonly contract: string;
  readonly version: string;
  readonly purpose: string;
  /** Defaults to Stadsbyggnadsnämnden. */
  readonly owner?: string;
  /** YAML flow text; defaults to Karin Lindqvist. */
  readonly responsible?: string;
}

/** One live e-service with a client-secret client and one contract pin, as the items of `eServices:`. */
export function eServiceYaml(options: EServiceYamlOptions): string[] {
  return [
    `  - id: ${options.id}`,
    `    name: ${options.name}`,
    `    description: ${options.description}`,
    `    owner: ${options.owner ?? 'Stadsbyggnadsnämnden'}`,
    `    responsible: ${options.responsible ?? '{ name: Karin Lindqvist, email: karin@exempel.se }'}`,
    '    vendor: { name: Exempel AB, contact: support@exempel.se }',
    '    lifecycle: live',
    '    client:',
    `      clientId: ${options.id}`,
    '      tokenEndpointAuthMethod: client_secret_basic',
    `      clientSecret: { env: ${options.secretEnv} }`,
    `      redirectUris: [https://${options.id}.exempel.se/callback]`,
    '    identityProviders: [bankid]',
    `    contracts: [{ contract: ${options.contract}, version: ${options.version} }]`,
    `    purposes: [${options.purpose}]`,
  ];
}

/**
 * The `arende` case-management business system behind the case-management adapter, with the API key from
 * BRYGGA_ARENDE_API_KEY, as the `businessSystems:` section; `extra` lines are added to its entry.
 */
export function arendeSystemYaml(options: {
  readonly baseUrl: string;
  readonly adapter?: string;
  readonly extra?: readonly string[];
}): string[] {
  return [
    'businessSystems:',
    '  - id: arende',
    '    name: Ärendehantering',
    '    owner: Stadsbyggnadsförvaltningen',
    `    adapter: "${options.adapter ?? '@brygga/adapter-case-management'}"`,
    `    baseUrl: ${options.baseUrl}`,
    '    contracts: [case-management]',
    '    credentials: { type: apiKey, key: { env: BRYGGA_ARENDE_API_KEY } }',
    ...(options.extra ?? []),
  ];
}

/** The Authorization header an e-service sends: HTTP Basic with its client id and secret. */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}
