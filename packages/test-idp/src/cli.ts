import { parseArgs } from 'node:util';
import type { TestPerson } from './persons.ts';
import type { ClientMetadata } from './provider.ts';

/** The command line and environment of `brygga-test-idp`, read into options. Pure: no files, no process. */

export const usage = `Usage: brygga-test-idp [options]

A local test BankID identity provider (Swedish OIDC profile). NOT FOR PRODUCTION.

Options:
  --port <n>            port to listen on (default 7401; 0 picks a free one)   env TEST_IDP_PORT
  --host <address>      address to listen on (default 127.0.0.1)                env TEST_IDP_HOST
  --issuer <url>        issuer, if reached through a proxy (default http://<host>:<port>)   env TEST_IDP_ISSUER
  --clients <file>      JSON array of client metadata (default: one dev client)  env TEST_IDP_CLIENTS_FILE
  --persons <file>      JSON array of test persons (default: the built-in ones)  env TEST_IDP_PERSONS_FILE
  --allow-production    start even if NODE_ENV=production
  -h, --help            show this help

Environment:
  TEST_IDP_CLIENT_SECRET   the default client's secret (default dev-secret-not-for-production)
  TEST_IDP_SUBJECT_SECRET  key for sub values (>= 32 characters); set it to keep sub stable across restarts

The default client is brygga-gateway (client_secret_basic), redirect http://127.0.0.1:7400/auth/callback.
`;

export interface CliSettings {
  readonly port: number;
  readonly host: string;
  readonly issuer?: string;
  readonly clientsFile?: string;
  readonly personsFile?: string;
  readonly clientSecret: string;
  readonly subjectSecret?: string;
  readonly allowProduction: boolean;
  readonly nodeEnv?: string;
}

export type CliParse =
  | { readonly kind: 'run'; readonly settings: CliSettings }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const defaultPort = 7401;
export const defaultClientSecret = 'dev-secret-not-for-production';

type Env = Readonly<Record<string, string | undefined>>;

export function parseCli(args: readonly string[], env: Env): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        issuer: { type: 'string' },
        clients: { type: 'string' },
        persons: { type: 'string' },
        'allow-production': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };

  const portText = str(values.port) ?? nonEmpty(env.TEST_IDP_PORT) ?? String(defaultPort);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return { kind: 'error', message: `--port must be 0-65535, not "${portText}".` };

  const issuer = str(values.issuer) ?? nonEmpty(env.TEST_IDP_ISSUER);
  if (issuer !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(issuer)) {
    return { kind: 'error', message: '--issuer must be an http(s) URL without query or fragment.' };
  }
  const subjectSecret = nonEmpty(env.TEST_IDP_SUBJECT_SECRET);
  if (subjectSecret !== undefined && subjectSecret.length < 32) {
    return { kind: 'error', message: 'TEST_IDP_SUBJECT_SECRET must be at least 32 characters.' };
  }

  return {
    kind: 'run',
    settings: {
      port,
      host: str(values.host) ?? nonEmpty(env.TEST_IDP_HOST) ?? '127.0.0.1',
      ...optional('issuer', issuer),
      ...optional('clientsFile', str(values.clients) ?? nonEmpty(env.TEST_IDP_CLIENTS_FILE)),
      ...optional('personsFile', str(values.persons) ?? nonEmpty(env.TEST_IDP_PERSONS_FILE)),
      clientSecret: nonEmpty(env.TEST_IDP_CLIENT_SECRET) ?? defaultClientSecret,
      ...optional('subjectSecret', subjectSecret),
      allowProduction: values['allow-production'] === true,
      ...optional('nodeEnv', nonEmpty(env.NODE_ENV)),
    },
  };
}

/** The client `pnpm dev` wires the gateway to. */
export function defaultDevClient(secret: string): ClientMetadata {
  return {
    client_id: 'brygga-gateway',
    client_name: 'Brygga (lokal utveckling)',
    client_secret: secret,
    redirect_uris: ['http://127.0.0.1:7400/auth/callback'],
    // The gateway's logout return and back-channel logout addresses (see the gateway's identity README).
    post_logout_redirect_uris: ['http://127.0.0.1:7400/logout/callback', 'http://127.0.0.1:7400/'],
    backchannel_logout_uri: 'http://127.0.0.1:7400/auth/backchannel-logout',
    backchannel_logout_session_required: true,
    token_endpoint_auth_method: 'client_secret_basic',
    claimStyle: 'oidc-sweden',
  };
}

/** Checks the shape of a clients file; oidc-provider validates each client's metadata itself on start. */
export function readClients(json: unknown): ClientMetadata[] {
  if (!Array.isArray(json) || json.length === 0)
    throw new TypeError('The clients file must hold a non-empty JSON array.');
  return json.map((client, index) => {
    if (
      typeof client !== 'object' ||
      client === null ||
      typeof (client as { client_id?: unknown }).client_id !== 'string'
    ) {
      throw new TypeError(`Client ${index + 1} in the clients file needs a client_id.`);
    }
    return client as ClientMetadata;
  });
}

/** Checks the shape of a persons file; the numbers are validated on start (without printing them). */
export function readPersons(json: unknown): TestPerson[] {
  if (!Array.isArray(json) || json.length === 0)
    throw new TypeError('The persons file must hold a non-empty JSON array.');
  return json.map((person, index) => {
    const { personnummer, givenName, familyName } = (person ?? {}) as Record<string, unknown>;
    if (typeof personnummer !== 'string' || typeof givenName !== 'string' || typeof familyName !== 'string') {
      throw new TypeError(
        `Person ${index + 1} in the persons file needs personnummer, givenName and familyName.`,
      );
    }
    return person as TestPerson;
  });
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
