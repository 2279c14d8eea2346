import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Adapter, OperationError } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { defaultTestPersons } from '@brygga/test-idp';
import * as oidc from 'openid-client';
import { stringify } from 'yaml';
import { citizenPaths } from '../../src/citizen/index.ts';
import { type BryggaConfig, checkConfigText, formatIssues } from '../../src/config/index.ts';
import { type LoadedAdapters, loadAdapters } from '../../src/contracts/adapters.ts';
import type { AdapterLookup } from '../../src/contracts/routes.ts';
import { type RunningGateway, startGateway } from '../../src/runtime/gateway.ts';
import { type CapturedLogs, captureLogs } from '../fixtures/capture-logs.ts';
import { Browser, formAction, radioValues, selectedOption } from '../identity/browser.ts';
import { type EvilIdp, startEvilIdp } from '../identity/evil-idp.ts';
import {
  authorizationRequest,
  eServiceClient,
  freePort,
  gatewayAtIdp,
  identityEnv,
  type Receiver,
  startReceiver,
  startTestIdp,
  type TestIdp,
} from '../identity/stack.ts';
import { type CarelessBusinessSystem, startCarelessBusinessSystem } from './business-system.ts';
import { numbers } from './needles.ts';

/** What the gateway sent back to one request, as its caller received it. */
export interface Exchange {
  readonly label: string;
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/**
 * A browser that also keeps every exchange with the gateway (status, headers, body): what the hygiene test
 * scans. Pages of the identity providers are left out: they are not the gateway's, and the test IdP shows
 * its persons' numbers by design.
 */
export class RecordingBrowser extends Browser {
  readonly #origin: string;
  readonly #exchanges: Exchange[];

  constructor(gatewayOrigin: string, exchanges: Exchange[]) {
    super();
    this.#origin = gatewayOrigin;
    this.#exchanges = exchanges;
  }

  override async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ response: Response; body: string }> {
    const result = await super.request(url, init);
    const target = new URL(url);
    if (target.origin === this.#origin) {
      this.#exchanges.push(
        exchangeOf(`${init.method ?? (init.form ? 'POST' : 'GET')} ${target.pathname}`, result),
      );
    }
    return result;
  }
}

function exchangeOf(label: string, result: { response: Response; body: string }): Exchange {
  return {
    label,
    status: result.response.status,
    headers: JSON.stringify([...result.response.headers]),
    body: result.body,
  };
}

/** What a rogue adapter does instead of calling the business system; `real` leaves the real adapter alone. */
export type AdapterMode =
  | 'real'
  /** Throws an Error whose message, cause and extra fields hold the number. */
  | 'throws'
  /** A declared error case with a "plain-language" detail that quotes the number. */
  | 'detail'
  /** An error code the contract does not declare, made of the number. */
  | 'undeclared'
  /** A body that breaks the head schema, with the number in it. */
  | 'bad-body';

export const eServiceOrigin = 'http://127.0.0.1:65030';
export const redirectUri = `${eServiceOrigin}/callback`;
export const postLogoutUri = `${eServiceOrigin}/logged-out`;
export const officialToken = randomBytes(32).toString('base64url');
/** The bearer token /metrics asks for, so a scrape without it (or with a number for a token) is refused. */
export const metricsToken = randomBytes(32).toString('base64url');

export interface HygieneStack {
  readonly gateway: RunningGateway;
  /** The validated configuration the gateway runs. */
  readonly config: BryggaConfig;
  readonly url: string;
  readonly logs: CapturedLogs;
  readonly idp: TestIdp;
  readonly evil: EvilIdp;
  readonly business: CarelessBusinessSystem;
  readonly receiver: Receiver;
  /** Every exchange with the gateway so far. */
  readonly exchanges: Exchange[];
  adapterMode: AdapterMode;
  /** One request to the gateway, recorded. */
  send(
    label: string,
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Exchange>;
  browser(): RecordingBrowser;
  close(): Promise<void>;
}

/**
 * A whole gateway as production runs it, from a validated configuration: citizen login against the test IdP
 * (`bankid`, for the e-service `bygglov`) and a deliberately faulty provider (`evil`, for `trasig`, which
 * refuses samordningsnummer), the case-management adapter loaded from its package against a careless business
 * system, audit extracts for one official, and the log captured after its gate.
 */
export async function startHygieneStack(): Promise<HygieneStack> {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-hygiene-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const receiver = await startReceiver();
  const idp = await startTestIdp({ clients: [gatewayAtIdp(url)], onError: () => {} });
  const evil = await startEvilIdp();
  const business = await startCarelessBusinessSystem(numbers.citizen, numbers.citizen);
  const env = {
    ...identityEnv(),
    BUSINESS_KEY: business.apiKey,
    OFFICIAL_TOKEN: officialToken,
    METRICS_TOKEN: metricsToken,
  };
  const logs = captureLogs('debug');
  const config = hygieneConfig({ port, dir, idp: idp.issuer, evil: evil.issuer, business, receiver }, env);
  let loaded: LoadedAdapters | undefined;
  let gateway: RunningGateway;
  const exchanges: Exchange[] = [];
  const stack = {
    adapterMode: 'real' as AdapterMode,
  };
  try {
    // The adapter is loaded from its package as the gateway would, then wrapped so a test can make it misbehave.
    loaded = await loadAdapters(config, { contracts: [caseManagement], logger: logs.logger });
    const real = loaded.lookup;
    const lookup: AdapterLookup = (system, contract) => {
      const bound = real(system, contract);
      return bound && { ...bound, adapter: rogue(bound.adapter, () => stack.adapterMode) };
    };
    gateway = await startGateway(config, { logger: logs.logger, contracts: { adapters: lookup } });
  } catch (error) {
    await Promise.allSettled([
      loaded?.close(),
      receiver.close(),
      idp.close(),
      evil.close(),
      business.close(),
    ]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return Object.assign(stack, {
    gateway,
    config,
    url,
    logs,
    idp,
    evil,
    business,
    receiver,
    exchanges,
    async send(
      label: string,
      path: string,
      init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    ) {
      const response = await fetch(new URL(path, url), {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: init.headers ?? {},
        body: init.body,
        redirect: 'manual',
      });
      const exchange = exchangeOf(label, { response, body: await response.text() });
      exchanges.push(exchange);
      return exchange;
    },
    browser: () => new RecordingBrowser(url, exchanges),
    async close() {
      await gateway.close('test over');
      await Promise.allSettled([
        loaded?.close(),
        receiver.close(),
        idp.close(),
        evil.close(),
        business.close(),
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The adapter, or in place of its handlers what `mode()` says; the wrapped handlers see the same requests. */
function rogue(adapter: Adapter, mode: () => AdapterMode): Adapter {
  const leak = numbers.citizen;
  const handlers = Object.fromEntries(
    Object.entries(adapter.handlers).map(([id, handler]) => [
      id,
      async (request: Parameters<typeof handler>[0], context: Parameters<typeof handler>[1]) => {
        switch (mode()) {
          case 'real':
            return handler(request, context);
          case 'throws':
            throw Object.assign(new Error(`lookup failed for ${leak}`, { cause: new Error(leak) }), {
              code: leak,
              personnummer: leak,
            });
          case 'detail':
            throw new OperationError(id === 'createCase' ? 'duplicate_submission' : 'case_not_found', {
              detail: { sv: `Ärendet för ${leak} finns redan.`, en: `The case of ${leak} exists.` },
            });
          case 'undeclared':
            throw new OperationError(`unknown_${leak}`);
          case 'bad-body':
            return { body: { caseId: leak, status: leak, applicant: leak, cases: leak } };
        }
      },
    ]),
  );
  return { ...adapter, handlers };
}

interface ConfigInput {
  readonly port: number;
  readonly dir: string;
  readonly idp: string;
  readonly evil: string;
  readonly business: CarelessBusinessSystem;
  readonly receiver: Receiver;
}

function hygieneConfig(input: ConfigInput, env: Record<string, string>) {
  const eService = (id: string, providers: string[], extra: Record<string, unknown> = {}) => ({
    id,
    name: { sv: `Tjänst ${id}`, en: `Service ${id}` },
    description: { sv: 'En test-e-tjänst.' },
    owner: 'Testnämnden',
    responsible: { name: 'Test Testsson', email: 'test@exempel.se' },
    vendor: { name: 'Test AB', contact: 'test@exempel.se' },
    lifecycle: 'development',
    client: {
      clientId: `${id}-client`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      clientSecret: { env: 'ES_SECRET' },
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [postLogoutUri],
      ...extra,
    },
    identityProviders: providers,
    // The version the request bodies below are written for; the gateway translates it to the head.
    contracts: [{ contract: 'case-management', version: '2026-11-01' }],
    purposes: ['handlagga'],
  });
  const data = {
    environment: 'development',
    server: { host: '127.0.0.1', port: input.port },
    logging: { level: 'debug' },
    identityProviders: [
      {
        id: 'bankid',
        name: 'BankID',
        kind: 'bankid',
        issuer: input.idp,
        clientId: 'brygga-gateway',
        clientAuthentication: { method: 'client_secret_basic', clientSecret: { env: 'IDP_SECRET' } },
        allowInsecureHttp: true,
      },
      {
        id: 'evil',
        name: 'Trasig',
        kind: 'bankid',
        issuer: input.evil,
        clientId: 'gateway-client',
        clientAuthentication: { method: 'client_secret_basic', clientSecret: { env: 'IDP_SECRET' } },
        allowCoordinationNumber: false,
        allowInsecureHttp: true,
      },
    ],
    eServices: [
      eService('bygglov', ['bankid'], { backchannelLogoutUri: input.receiver.url }),
      eService('trasig', ['evil']),
    ],
    businessSystems: [
      {
        id: 'arende',
        name: 'Ärenden',
        owner: 'Förvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: input.business.url,
        contracts: ['case-management'],
        credentials: { type: 'apiKey', key: { env: 'BUSINESS_KEY' } },
        options: { apiVersion: 'v2' },
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
    storage: { driver: 'sqlite', sqlite: { path: join(input.dir, 'brygga.db') } },
    keys: {
      auditHmac: { keyId: 'a1', key: { env: 'AUDIT_HMAC' } },
      checkpointSigning: { keyId: 'c1', key: { env: 'CHECKPOINT_KEY' } },
      identitySigning: { keyId: 'sig-1', key: { env: 'IDENTITY_SIGNING' } },
      identitySubjects: { keyId: 'sub-1', key: { env: 'IDENTITY_SUBJECTS' } },
      identitySessions: { keyId: 'ses-1', key: { env: 'IDENTITY_SESSIONS' } },
    },
    audit: {
      checkpointDir: join(input.dir, 'checkpoints'),
      officials: [{ id: 'registrator', name: 'Registratorn', token: { env: 'OFFICIAL_TOKEN' } }],
      // The hygiene test asks for an extract with every written form of the number, far past the default limit.
      extractsPerOfficial: { burst: 10_000, perMinute: 10_000 },
    },
    metrics: { token: { env: 'METRICS_TOKEN' } },
    // Deliveries come within a poll or two, and a failing one is dead after two quick tries: receipts turn final
    // while the test waits for them.
    outbox: { pollMs: 20, maxAttempts: 2, backoff: { initialMs: 10, maxMs: 20 } },
  };
  const result = checkConfigText(stringify(data), { filePath: join(input.dir, 'brygga.config.yaml'), env });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

/** The test person of `number` on the test IdP's page (its default persons, in their order). */
function personIndex(number: string): number {
  const index = defaultTestPersons.findIndex((person) => person.personnummer === number);
  if (index < 0) throw new Error('not a default test person');
  return index;
}

/**
 * Logs a test person in to `bygglov` through the test IdP, as its e-service would (openid-client), and returns
 * the tokens the e-service got. `params` are added to the e-service's authorization request.
 */
export interface LoggedIn {
  readonly browser: RecordingBrowser;
  readonly config: oidc.Configuration;
  readonly tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
}

export async function loginAs(
  stack: HygieneStack,
  number: string,
  browser = stack.browser(),
): Promise<LoggedIn> {
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'bygglov-client');
  const started = await authorizationRequest(config, redirectUri);
  const toEService = (next: URL) => next.origin === eServiceOrigin;
  let step = await browser.follow(started.url, { stop: toEService });
  if (step.stopped === undefined) {
    const html = step.body;
    step = await browser.follow(new URL(formAction(html), step.at), {
      form: {
        person: radioValues(html, 'person')[personIndex(number)] ?? '',
        outcome: 'success',
        acr: selectedOption(html) ?? '',
      },
      stop: toEService,
    });
  }
  if (step.stopped === undefined) throw new Error(`login did not return to the e-service: ${step.at.href}`);
  const tokens = await oidc.authorizationCodeGrant(config, step.stopped, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  return { browser, config, tokens };
}

/**
 * Logs a test person in to the citizen's page "Mina uppgifter" as a person does in a browser: the page sends them
 * to the gateway's own provider, which asks which identity provider (the page accepts them all) and on to the test
 * IdP. Returns the page the login ends on.
 */
export async function citizenPageLogin(
  stack: HygieneStack,
  number: string,
  browser: RecordingBrowser,
): Promise<{ body: string; at: URL }> {
  let step = await browser.follow(new URL(`${citizenPaths.login}?lang=sv`, stack.url));
  if (step.at.origin === new URL(stack.url).origin && step.body.includes('name="provider"')) {
    step = await browser.follow(new URL(formAction(step.body), step.at), { form: { provider: 'bankid' } });
  }
  if (step.at.origin === new URL(stack.idp.url).origin) {
    const html = step.body;
    step = await browser.follow(new URL(formAction(html), step.at), {
      form: {
        person: radioValues(html, 'person')[personIndex(number)] ?? '',
        outcome: 'success',
        acr: selectedOption(html) ?? '',
      },
    });
  }
  return step;
}
