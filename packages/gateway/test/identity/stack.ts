import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientMetadata, startTestIdp, type TestIdp } from '@brygga/test-idp';
import * as oidc from 'openid-client';
import { stringify } from 'yaml';
import { type BryggaConfig, checkConfigText, formatIssues } from '../../src/config/index.ts';
import { type RunningGateway, startGateway } from '../../src/runtime/gateway.ts';
import { type CapturedLogs, captureLogs } from '../fixtures/capture-logs.ts';

/** A port nobody listens on right now (the gateway's issuer must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Collects what is posted to it: an e-service's back-channel logout endpoint. */
export interface Receiver {
  readonly url: string;
  readonly bodies: string[];
  close(): Promise<void>;
}

export async function startReceiver(path = '/backchannel-logout'): Promise<Receiver> {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const eServiceSecret = 'e-service-secret-0123456789abcdef0123456789';
export const idpClientSecret = 'gateway-secret-at-the-idp';

export interface ProviderEntry {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly clientId?: string;
  readonly claims?: { personalIdentityNumber?: string; source?: 'idToken' | 'userinfo' };
  readonly acceptedAcr?: readonly string[];
  readonly allowCoordinationNumber?: boolean;
  /** Default: client_secret_basic with `idpClientSecret`. */
  readonly clientAuthentication?: Record<string, unknown>;
}

export interface EServiceEntry {
  readonly id: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri?: string;
  readonly backchannelLogoutUri?: string;
  readonly providers: readonly string[];
  /** The registration's `identity` section (a declared need of the personnummer). */
  readonly identity?: Record<string, unknown>;
}

export interface ConfigInput {
  readonly port: number;
  /** Default http://127.0.0.1:<port>. */
  readonly publicUrl?: string;
  readonly dir: string;
  readonly providers: readonly ProviderEntry[];
  readonly eServices: readonly EServiceEntry[];
  readonly storage?: { driver: 'postgres'; url: string } | { driver: 'sqlite'; path: string };
  readonly identity?: Record<string, number>;
  /** More `server` settings (rateLimits, trustedProxies). */
  readonly server?: Record<string, unknown>;
}

/** Keys as an operator would configure them (an EC signing key, two HMAC secrets), in the environment. */
export function identityEnv(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { privateKey: checkpoint } = generateKeyPairSync('ed25519');
  return {
    AUDIT_HMAC: randomBytes(32).toString('base64url'),
    CHECKPOINT_KEY: checkpoint.export({ type: 'pkcs8', format: 'pem' }).toString(),
    IDENTITY_SIGNING: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    IDENTITY_SUBJECTS: randomBytes(32).toString('base64url'),
    IDENTITY_SESSIONS: randomBytes(32).toString('base64url'),
    IDP_SECRET: idpClientSecret,
    ES_SECRET: eServiceSecret,
    PG_URL: process.env.BRYGGA_TEST_DATABASE_URL ?? '',
  };
}

/** A development configuration (http on localhost) for one gateway with the given providers and e-services. */
export function gatewayConfig(input: ConfigInput, env: Record<string, string>): BryggaConfig {
  const storage = input.storage ?? { driver: 'sqlite', path: join(input.dir, 'brygga.db') };
  const data = {
    environment: 'development',
    server: {
      host: '127.0.0.1',
      port: input.port,
      ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}),
      ...input.server,
    },
    logging: { level: 'debug' },
    identityProviders: input.providers.map((provider) => ({
      id: provider.id,
      name: provider.name,
      kind: 'bankid',
      issuer: provider.issuer,
      clientId: provider.clientId ?? 'brygga-gateway',
      clientAuthentication: provider.clientAuthentication ?? {
        method: 'client_secret_basic',
        clientSecret: { env: 'IDP_SECRET' },
      },
      ...(provider.acceptedAcr ? { acceptedAcr: provider.acceptedAcr } : {}),
      ...(provider.claims ? { claims: provider.claims } : {}),
      ...(provider.allowCoordinationNumber === undefined
        ? {}
        : { allowCoordinationNumber: provider.allowCoordinationNumber }),
      allowInsecureHttp: true,
    })),
    eServices: input.eServices.map((eService) => ({
      id: eService.id,
      name: { sv: `Tjänst ${eService.id}`, en: `Service ${eService.id}` },
      description: { sv: 'En test-e-tjänst.' },
      owner: 'Testnämnden',
      responsible: { name: 'Test Testsson', email: 'test@exempel.se' },
      vendor: { name: 'Test AB', contact: 'test@exempel.se' },
      lifecycle: 'development',
      client: {
        clientId: eService.clientId,
        tokenEndpointAuthMethod: 'client_secret_basic',
        clientSecret: { env: 'ES_SECRET' },
        redirectUris: [eService.redirectUri],
        postLogoutRedirectUris: eService.postLogoutRedirectUri ? [eService.postLogoutRedirectUri] : [],
        ...(eService.backchannelLogoutUri ? { backchannelLogoutUri: eService.backchannelLogoutUri } : {}),
      },
      identityProviders: eService.providers,
      contracts: [{ contract: 'case-management', version: '2026-01-15' }],
      purposes: ['handlagga'],
      ...(eService.identity ? { identity: eService.identity } : {}),
    })),
    businessSystems: [
      {
        id: 'arende',
        name: 'Ärenden',
        owner: 'Förvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: 'http://127.0.0.1:9',
        contracts: ['case-management'],
      },
    ],
    purposes: [
      {
        id: 'handlagga',
        purpose: { sv: 'Handlägga.', en: 'Process.' },
        legalBasis: { article: '6(1)(e)' },
        dataCategories: ['personnummer'],
        dataSubjectCategories: ['sökande'],
        retentionClass: 'r1',
      },
    ],
    retentionClasses: [{ id: 'r1', duration: 'P1Y', description: 'Ett år.' }],
    storage:
      storage.driver === 'sqlite'
        ? { driver: 'sqlite', sqlite: { path: storage.path } }
        : { driver: 'postgres', postgres: { url: { env: 'PG_URL' } } },
    keys: {
      auditHmac: { keyId: 'a1', key: { env: 'AUDIT_HMAC' } },
      checkpointSigning: { keyId: 'c1', key: { env: 'CHECKPOINT_KEY' } },
      identitySigning: { keyId: 'sig-1', key: { env: 'IDENTITY_SIGNING' } },
      identitySubjects: { keyId: 'sub-1', key: { env: 'IDENTITY_SUBJECTS' } },
      identitySessions: { keyId: 'ses-1', key: { env: 'IDENTITY_SESSIONS' } },
    },
    audit: { checkpointDir: join(input.dir, 'checkpoints') },
    ...(input.identity ? { identity: input.identity } : {}),
  };
  const env2 = { ...env, PG_URL: storage.driver === 'postgres' ? storage.url : '' };
  const result = checkConfigText(stringify(data), {
    filePath: join(input.dir, 'brygga.config.yaml'),
    env: env2,
  });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

/** The gateway's client registration at a test IdP. */
export function gatewayAtIdp(
  gatewayUrl: string,
  claimStyle: ClientMetadata['claimStyle'] = 'oidc-sweden',
): ClientMetadata {
  return {
    client_id: 'brygga-gateway',
    client_secret: idpClientSecret,
    redirect_uris: [`${gatewayUrl}/auth/callback`],
    post_logout_redirect_uris: [`${gatewayUrl}/logout/callback`],
    backchannel_logout_uri: `${gatewayUrl}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
    claimStyle,
  };
}

export interface Stack {
  readonly dir: string;
  readonly gateway: RunningGateway;
  readonly logs: CapturedLogs;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startStack(
  input: Omit<ConfigInput, 'dir'> & { dir?: string; env?: Record<string, string> },
): Promise<Stack> {
  const dir = input.dir ?? mkdtempSync(join(tmpdir(), 'brygga-identity-'));
  const env = input.env ?? identityEnv();
  const logs = captureLogs('debug');
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(gatewayConfig({ ...input, dir }, env), { logger: logs.logger });
  } catch (error) {
    if (input.dir === undefined) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    gateway,
    logs,
    env,
    close: async () => {
      await gateway.close('test over');
      if (input.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { startTestIdp, type TestIdp };

/** A test IdP with the gateway as its client, and a stack on it with one BankID provider and `eServices`. */
export async function startStackAtTestIdp(
  eServices: readonly EServiceEntry[],
): Promise<{ readonly idp: TestIdp; readonly stack: Stack }> {
  const port = await freePort();
  const idp = await startTestIdp({ clients: [gatewayAtIdp(`http://127.0.0.1:${port}`)], onError: () => {} });
  try {
    const stack = await startStack({
      port,
      providers: [{ id: 'bankid', name: 'BankID', issuer: idp.issuer }],
      eServices,
    });
    return { idp, stack };
  } catch (error) {
    await idp.close();
    throw error;
  }
}

/** The e-service side: openid-client against the gateway, as any certified RP library would do it. */
export async function eServiceClient(issuer: string, clientId: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(eServiceSecret), {
    execute: [oidc.allowInsecureRequests],
  });
}

export interface Started {
  readonly config: oidc.Configuration;
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  params: Record<string, string> = {},
): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid case-management',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { config, url, verifier, state, nonce };
}

/** Payload of a JWT, unverified: for asserting what an e-service received. */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** A stored audit record's payload, as hashed into the log (subject as its keyed reference). */
export interface StoredAuditRecord {
  readonly actor: { readonly kind: string; readonly id: string | null };
  readonly subject: { readonly keyId: string; readonly ref: string } | null;
  readonly eService: string | null;
  readonly operation: string;
  readonly purpose: { readonly id: string };
  readonly outcome: { readonly status: string; readonly problem: string | null };
  readonly requestId: string | null;
  readonly details: Record<string, unknown> | null;
}

/** The audit records written while answering one request (by its `x-request-id`), with their stored text. */
export async function auditRecordsOf(
  stack: Stack,
  requestId: string,
): Promise<{ records: StoredAuditRecord[]; text: string }> {
  await stack.gateway.audit.flush();
  const rows = await stack.gateway.store.query<{ payload: string | null }>(
    'SELECT payload FROM brygga_audit_records ORDER BY seq',
  );
  const payloads = rows.map((row) => row.payload ?? '').filter((payload) => payload.includes(requestId));
  const records = payloads
    .map((payload) => JSON.parse(payload) as StoredAuditRecord)
    .filter((record) => record.requestId === requestId);
  return { records, text: payloads.join('\n') };
}
