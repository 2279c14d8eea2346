// Versioned contracts end to end (issue 3, "Done when"): two e-services pinned to different versions of
// case-management, the real adapter loaded by the gateway from its package name, the real example business
// system behind it, all over real sockets. Then the same calls through a second gateway whose adapter speaks the
// business system's API v1: e-services must see no difference. Citizen login is another test's subject, so the
// caller and the citizen are injected.
// Issue 4: the e-service pinned at the head (2026-12-01) never sends nor receives the personnummer, while the
// business system holds its case under the citizen's number; the one at 2026-01-15 sends and gets it as before.
import { type RunningBusinessSystem, startBusinessSystem } from '@brygga/example-business-system';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
// The gateway package exports no `./runtime` subpath yet; this is the function `brygga start` calls.
import { type RunningGateway, startGateway } from '@brygga/gateway/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arendeSystemYaml,
  assertAdapterResolvable,
  basicAuthorization,
  bygglovPurposeYaml,
  contractsGatewayHeaderYaml,
  eServiceYaml,
  gatewaySecrets,
  makeTempDir,
  storageKeysAuditYaml,
  type TempDir,
  unreachableBankIdSecret,
} from '../src/index.ts';

const citizen = '191212121212';
// Every way the test personnummer can be written: 12 or 10 digits, with or without a separator.
const personnummerForms = /(?:19)?121212[-+]?1212/;
const adapterPackage = '@brygga/adapter-case-management';
const apiKey = gatewaySecrets.BRYGGA_ARENDE_API_KEY;
// The contract routes' clock, fixed: the old version is deprecated on 2026-10-01 and gone on 2027-04-01, and
// this test must not start failing on that date.
const contractsNow = Date.parse('2026-11-25T12:00:00Z');

const eServices = {
  old: { id: 'bygglov-2026', version: '2026-01-15', secret: 'old-e-service-secret-0123456789abcdef' },
  head: { id: 'bygglov-head', version: '2026-12-01', secret: 'head-e-service-secret-0123456789abcdef' },
} as const;
type EServiceKey = keyof typeof eServices;

const env = {
  ...gatewaySecrets,
  ...unreachableBankIdSecret,
  OLD_ESERVICE_SECRET: eServices.old.secret,
  HEAD_ESERVICE_SECRET: eServices.head.secret,
};

function config(apiVersion: 'v1' | 'v2'): string {
  const eService = (key: EServiceKey, secretEnv: string) => {
    const { id, version } = eServices[key];
    return eServiceYaml({
      id,
      name: `{ sv: Bygglov ${version}, en: Building permit ${version} }`,
      description: '{ sv: Ansök om bygglov. }',
      secretEnv,
      contract: 'case-management',
      version,
      purpose: 'handlagga-bygglov',
    });
  };
  return [
    ...contractsGatewayHeaderYaml({ publicUrl: 'https://brygga.exempel.se', logLevel: 'debug' }),
    'eServices:',
    ...eService('old', 'OLD_ESERVICE_SECRET'),
    ...eService('head', 'HEAD_ESERVICE_SECRET'),
    ...arendeSystemYaml({
      adapter: adapterPackage,
      baseUrl: business.url,
      extra: [`    options: { apiVersion: ${apiVersion} }`],
    }),
    ...bygglovPurposeYaml(),
    ...storageKeysAuditYaml({ driver: 'sqlite', path: 'brygga.db' }),
    '',
  ].join('\n');
}

/** The e-service named by HTTP Basic client credentials, as the temporary caller resolution does it. */
function eServiceOf(authorization: string | undefined): { eServiceId: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const found = Object.values(eServices).find((each) => credentials === `${each.id}:${each.secret}`);
  return found === undefined ? undefined : { eServiceId: found.id };
}

interface AuditExpectation {
  readonly eService: string;
  readonly contractVersion: string;
  readonly operation: string;
  readonly outcome: 'success' | 'failure';
  readonly problem: string | null;
}

interface Gateway {
  readonly name: string;
  readonly running: RunningGateway;
  /** The audit records every call that reached the business system must have left, in order. */
  readonly expectedAudit: AuditExpectation[];
}

let dir: TempDir;
let business: RunningBusinessSystem;
let onV2: Gateway;
let onV1: Gateway;
const logLines: string[] = [];
const businessLogLines: string[] = [];
/** Every gateway response, kept for the personnummer check at the end. */
const seen: { what: string; headers: Headers; text: string }[] = [];
const headVersion = eServices.head.version;

async function startOne(name: string, apiVersion: 'v1' | 'v2'): Promise<Gateway> {
  const file = dir.write(`${name}/brygga.config.yaml`, config(apiVersion));
  const running = await startGateway(await loadConfig(file, { env }), {
    logger: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logLines.push(line) },
    }),
    port: 0,
    contracts: {
      resolveCaller: (c) => eServiceOf(c.req.header('authorization')),
      resolveCitizen: () => ({ personalIdentityNumber: citizen }),
      now: () => contractsNow,
    },
  });
  return { name, running, expectedAudit: [] };
}

beforeAll(async () => {
  assertAdapterResolvable(adapterPackage);
  dir = makeTempDir('brygga-contracts-e2e');
  business = await startBusinessSystem({
    port: 0,
    dbPath: ':memory:',
    apiKey,
    log: (event, fields) => void businessLogLines.push(JSON.stringify({ event, ...fields })),
  });
  onV2 = await startOne('v2', 'v2');
  onV1 = await startOne('v1', 'v1');
  const notLoaded = logLines.filter((line) => line.includes('not loaded') || line.includes('not used'));
  if (notLoaded.length > 0) throw new Error(`the adapter was not loaded:\n${notLoaded.join('')}`);
});

afterAll(async () => {
  try {
    await Promise.allSettled([onV2?.running.close('test over'), onV1?.running.close('test over')]);
    await business?.close();
  } finally {
    dir?.remove();
  }
});

interface CallOptions {
  readonly body?: unknown;
  readonly version?: string;
  readonly idempotencyKey?: string;
  /** The operation the call reaches the business system with (success unless `problem`), or false if it must not. */
  readonly audited: { readonly operation: string; readonly problem?: string } | false;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A contract call by an e-service through a gateway, noting the audit record it must leave. */
async function call(
  gateway: Gateway,
  key: EServiceKey,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Answer> {
  const { id, secret } = eServices[key];
  const headers: Record<string, string> = {
    authorization: basicAuthorization(id, secret),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.version !== undefined) headers['brygga-version'] = options.version;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${gateway.running.url}/api/case-management${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  seen.push({ what: `${gateway.name} ${id} ${method} ${path}`, headers: response.headers, text });
  if (options.audited) {
    const { operation, problem } = options.audited;
    gateway.expectedAudit.push({
      eService: id,
      contractVersion: options.version ?? eServices[key].version,
      operation,
      outcome: problem === undefined ? 'success' : 'failure',
      problem: problem ?? null,
    });
  }
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

/** The business system's access log from line `from` on: which of its API routes were called. */
function businessRoutes(from = 0): string[] {
  return businessLogLines
    .slice(from)
    .map((line) => JSON.parse(line) as { event: string; method?: string; route?: string })
    .filter((entry) => entry.event === 'request')
    .map((entry) => `${entry.method} ${entry.route}`);
}

/** The business system's own v2 API, with its API key: what it really holds. */
async function businessCase(caseId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${business.url}/api/v2/cases/${encodeURIComponent(caseId)}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const oldApplication = {
  subject: 'Tillbyggnad av enbostadshus',
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
};
const caseIdPattern = expect.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
const timestampPattern = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** The old version's shape exactly: `subject` and one `name`, no application type. */
const oldCase = (caseId: unknown) => ({
  caseId,
  ...oldApplication,
  status: 'submitted',
  submittedAt: timestampPattern,
});

/** The head's shape exactly: `title`, given and family name, the application type; never a personnummer. */
const headCase = (caseId: unknown) => ({
  caseId,
  applicationType: 'bygglov',
  title: oldApplication.subject,
  description: oldApplication.description,
  propertyDesignation: oldApplication.propertyDesignation,
  applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
  status: 'submitted',
  submittedAt: timestampPattern,
});

function expectDeprecatedOld(headers: Headers): void {
  expect(headers.get('brygga-version')).toBe('2026-01-15');
  expect(headers.get('deprecation')).toBe(`@${Date.parse('2026-10-01T00:00:00Z') / 1000}`);
  expect(headers.get('sunset')).toBe('Thu, 01 Apr 2027 00:00:00 GMT');
  const page = 'https://brygga.exempel.se/reference/case-management#v2026-01-15';
  expect(headers.get('link')).toBe(
    `<${page}>; rel="deprecation"; type="text/html", <${page}>; rel="sunset"; type="text/html"`,
  );
}

describe('case-management at two versions through the real adapter and business system', () => {
  let caseId = '';
  // What the e-services got through the adapter on API v2, compared with API v1 later.
  const onV2Answers = new Map<string, Record<string, unknown>>();

  it('lets the e-service pinned at 2026-01-15 create a case in the old shape and get the old shape back', async () => {
    const created = await call(onV2, 'old', 'POST', '/cases', {
      body: oldApplication,
      idempotencyKey: 'ansokan-1',
      audited: { operation: 'createCase' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(oldCase(caseIdPattern));
    expectDeprecatedOld(created.headers);
    caseId = String(created.body.caseId);

    // A retry under the same key is the same case, not a second one.
    const retried = await call(onV2, 'old', 'POST', '/cases', {
      body: oldApplication,
      idempotencyKey: 'ansokan-1',
      audited: { operation: 'createCase' },
    });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(created.body);
    expect(businessRoutes()).toEqual(['POST /api/v2/cases', 'POST /api/v2/cases']);
  });

  it('reads the case back and lists it, at 2026-01-15', async () => {
    const read = await call(onV2, 'old', 'GET', `/cases/${caseId}`, { audited: { operation: 'getCase' } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(oldCase(caseId));
    expectDeprecatedOld(read.headers);
    onV2Answers.set('old getCase', read.body);

    const list = await call(onV2, 'old', 'GET', '/cases', { audited: { operation: 'listMyCases' } });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      cases: [
        { caseId, subject: oldApplication.subject, status: 'submitted', submittedAt: timestampPattern },
      ],
      nextCursor: null,
    });
    expectDeprecatedOld(list.headers);
    onV2Answers.set('old listMyCases', list.body);
  });

  it('leaves the case in the business system in its own terms: title, one name, the type in the description', async () => {
    const stored = await businessCase(caseId);
    expect(stored).toMatchObject({
      id: caseId,
      title: oldApplication.subject,
      applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
      // The business system has no application type: the adapter writes it as the description's first line.
      description: `Typ av ansökan: bygglov\n\n${oldApplication.description}`,
      propertyDesignation: oldApplication.propertyDesignation,
      status: 'submitted',
    });
    expect(stored).not.toHaveProperty('subject');
    // The idempotent retry made no second case.
    const all = await fetch(`${business.url}/api/v2/cases?limit=50`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(((await all.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('shows the e-service pinned at the head the same case in head shape', async () => {
    const read = await call(onV2, 'head', 'GET', `/cases/${caseId}`, { audited: { operation: 'getCase' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('brygga-version')).toBe(headVersion);
    expect(read.headers.has('deprecation')).toBe(false);
    expect(read.headers.has('sunset')).toBe(false);
    expect(read.body).toEqual(headCase(caseId));
    onV2Answers.set('head getCase', read.body);

    const list = await call(onV2, 'head', 'GET', '/cases', { audited: { operation: 'listMyCases' } });
    expect(list.body).toEqual({
      cases: [
        {
          caseId,
          applicationType: 'bygglov',
          title: oldApplication.subject,
          status: 'submitted',
          submittedAt: timestampPattern,
        },
      ],
      nextCursor: null,
    });
    onV2Answers.set('head listMyCases', list.body);
  });

  it('serves the version a Brygga-Version header asks for, and refuses an unknown one with the supported list', async () => {
    const overridden = await call(onV2, 'head', 'GET', `/cases/${caseId}`, {
      version: '2026-04-01',
      audited: { operation: 'getCase' },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.headers.get('brygga-version')).toBe('2026-04-01');
    // 2026-04-01: already `title`, still one `name`, no application type.
    expect(overridden.body).toEqual({
      caseId,
      title: oldApplication.subject,
      description: oldApplication.description,
      propertyDesignation: oldApplication.propertyDesignation,
      applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
      status: 'submitted',
      submittedAt: timestampPattern,
    });

    // The old e-service may ask for the head too, for one call.
    const upgraded = await call(onV2, 'old', 'GET', `/cases/${caseId}`, {
      version: headVersion,
      audited: { operation: 'getCase' },
    });
    expect(upgraded.headers.get('brygga-version')).toBe(headVersion);
    expect(upgraded.body).toEqual(headCase(caseId));

    // 2026-11-01, the head until 2026-12-01, still shows the applicant's number: the login's, as ever.
    const november = await call(onV2, 'head', 'GET', `/cases/${caseId}`, {
      version: '2026-11-01',
      audited: { operation: 'getCase' },
    });
    expect(november.headers.get('brygga-version')).toBe('2026-11-01');
    expect(november.body.applicant).toEqual({
      personalIdentityNumber: citizen,
      givenName: 'Anna Maria',
      familyName: 'Svensson',
    });

    const unknown = await call(onV2, 'head', 'GET', '/cases', { version: '2024-01-01', audited: false });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.body).toMatchObject({
      status: 400,
      code: 'version_unknown',
      supportedVersions: ['2026-12-01', '2026-11-01', '2026-08-15', '2026-04-01', '2026-01-15'],
    });
  });

  it('answers a case that is not there with the contract’s own error, in the problem format', async () => {
    const missing = await call(onV2, 'old', 'GET', '/cases/BN-2026-999999', {
      audited: { operation: 'getCase', problem: 'case_not_found' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'case_not_found' });
    expectDeprecatedOld(missing.headers);
  });

  it('changes nothing for either e-service when the adapter speaks the business system’s API v1', async () => {
    const from = businessLogLines.length;
    // The same case, read through the gateway whose adapter uses API v1.
    const oldRead = await call(onV1, 'old', 'GET', `/cases/${caseId}`, { audited: { operation: 'getCase' } });
    expect(oldRead.status).toBe(200);
    expectDeprecatedOld(oldRead.headers);
    expect(oldRead.body).toEqual(onV2Answers.get('old getCase'));
    const headRead = await call(onV1, 'head', 'GET', `/cases/${caseId}`, {
      audited: { operation: 'getCase' },
    });
    expect(headRead.headers.get('brygga-version')).toBe(headVersion);
    expect(headRead.body).toEqual(onV2Answers.get('head getCase'));
    const oldList = await call(onV1, 'old', 'GET', '/cases', { audited: { operation: 'listMyCases' } });
    expect(oldList.body).toEqual(onV2Answers.get('old listMyCases'));
    const headList = await call(onV1, 'head', 'GET', '/cases', { audited: { operation: 'listMyCases' } });
    expect(headList.body).toEqual(onV2Answers.get('head listMyCases'));

    // A new application in the old shape, through API v1: the same answer, stored the same way.
    const created = await call(onV1, 'old', 'POST', '/cases', {
      body: oldApplication,
      idempotencyKey: 'ansokan-2',
      audited: { operation: 'createCase' },
    });
    expect(created.status).toBe(201);
    expectDeprecatedOld(created.headers);
    expect(created.body).toEqual(oldCase(caseIdPattern));
    const secondId = String(created.body.caseId);
    // The business system was asked through its API v1 only.
    expect(businessRoutes(from)).toEqual([
      'GET /api/v1/cases/:id',
      'GET /api/v1/cases/:id',
      'POST /api/v1/cases/search',
      'POST /api/v1/cases/search',
      'POST /api/v1/cases',
    ]);
    expect(secondId).not.toBe(caseId);
    expect(await businessCase(secondId)).toMatchObject({
      title: oldApplication.subject,
      applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
      description: `Typ av ansökan: bygglov\n\n${oldApplication.description}`,
    });
    const headView = await call(onV1, 'head', 'GET', `/cases/${secondId}`, {
      audited: { operation: 'getCase' },
    });
    expect(headView.body).toEqual(headCase(secondId));

    // Both gateways now list both cases, identically.
    const listed = async (gateway: Gateway, key: EServiceKey) =>
      (await call(gateway, key, 'GET', '/cases', { audited: { operation: 'listMyCases' } })).body;
    for (const key of ['old', 'head'] as const) {
      const throughV1 = await listed(onV1, key);
      expect((throughV1.cases as unknown[]).length).toBe(2);
      expect(throughV1).toEqual(await listed(onV2, key));
    }
  });

  it('lets the e-service pinned at 2026-12-01 apply without a personnummer, filed under the citizen’s', async () => {
    for (const gateway of [onV2, onV1]) {
      const from = businessLogLines.length;
      const application = {
        applicationType: 'marklov',
        title: `Schaktning (${gateway.name})`,
        description: 'Schaktning för dränering.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
      };
      const created = await call(gateway, 'head', 'POST', '/cases', {
        body: application,
        idempotencyKey: `ansokan-head-${gateway.name}`,
        audited: { operation: 'createCase' },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('brygga-version')).toBe(headVersion);
      expect(created.body).toEqual({
        caseId: caseIdPattern,
        ...application,
        status: 'submitted',
        submittedAt: timestampPattern,
      });
      const newId = String(created.body.caseId);
      expect(businessRoutes(from)).toEqual([`POST /api/${gateway.name}/cases`]);
      // The business system, asked directly, holds it under the logged-in citizen's number.
      expect(await businessCase(newId)).toMatchObject({
        id: newId,
        applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
        description: `Typ av ansökan: marklov\n\n${application.description}`,
      });
      const read = await call(gateway, 'head', 'GET', `/cases/${newId}`, {
        audited: { operation: 'getCase' },
      });
      expect(read.body).toEqual({ ...created.body, status: 'submitted' });
      // The e-service at 2026-01-15 sees the same case, with the number, as it always did.
      const old = await call(gateway, 'old', 'GET', `/cases/${newId}`, { audited: { operation: 'getCase' } });
      expect(old.body.applicant).toEqual({ personalIdentityNumber: citizen, name: 'Anna Maria Svensson' });
    }
  });

  it('refuses the 2026-01-15 e-service an application in someone else’s name, before the business system', async () => {
    const someoneElse = '198112189876';
    const from = businessLogLines.length;
    const refused = await call(onV2, 'old', 'POST', '/cases', {
      body: {
        ...oldApplication,
        applicant: { ...oldApplication.applicant, personalIdentityNumber: someoneElse },
      },
      idempotencyKey: 'ansokan-someone-else',
      // Audited: checking it processed the citizen's number, and a mismatch is what misuse follow-up looks for.
      audited: { operation: 'createCase', problem: 'applicant_mismatch' },
    });
    expect(refused.status).toBe(403);
    expectDeprecatedOld(refused.headers);
    expect(refused.body).toMatchObject({ status: 403, code: 'applicant_mismatch', version: '2026-01-15' });
    expect(JSON.stringify(refused.body)).not.toContain(someoneElse.slice(2));
    expect(businessRoutes(from)).toEqual([]);
  });

  it('has an audit record for every call that reached the business system, and none for the refused one', async () => {
    for (const gateway of [onV2, onV1]) {
      const entries = await gateway.running.audit.extract(citizen);
      const actual = entries.map((entry) => {
        if (entry.status !== 'live') throw new Error(`unexpected pruned entry ${entry.seq}`);
        expect(entry).toMatchObject({
          actor: 'citizen',
          businessSystem: 'arende',
          contract: 'case-management',
          purpose: 'handlagga-bygglov',
        });
        return {
          eService: entry.eService,
          contractVersion: entry.contractVersion,
          operation: entry.operation,
          outcome: entry.outcome,
          problem: entry.problem,
        };
      });
      expect(actual, gateway.name).toEqual(gateway.expectedAudit);
    }
    expect(onV2.expectedAudit.length).toBeGreaterThan(5);
    expect(onV1.expectedAudit.length).toBeGreaterThan(5);
  });

  it('never shows the personnummer at the head, and before it only in the applicant field of the citizen’s own case', () => {
    expect(seen.length).toBeGreaterThanOrEqual(20);
    const atHead = seen.filter(({ headers }) => headers.get('brygga-version') === headVersion);
    // Every call the head e-service made at its pin, and the old one's call asking for the head.
    expect(atHead.length).toBeGreaterThanOrEqual(12);
    expect(atHead.some(({ what }) => what.includes('POST /cases'))).toBe(true);
    for (const { what, headers, text } of atHead) {
      expect(text, what).not.toMatch(personnummerForms);
      expect(text, what).not.toContain('personalIdentityNumber');
      for (const [name, value] of headers) expect(`${name}: ${value}`, what).not.toMatch(personnummerForms);
    }
    for (const { what, headers, text } of seen) {
      for (const [name, value] of headers) expect(`${name}: ${value}`, what).not.toMatch(personnummerForms);
      const body = JSON.parse(text) as { applicant?: { personalIdentityNumber?: unknown } };
      if (body.applicant?.personalIdentityNumber !== undefined) {
        expect(body.applicant.personalIdentityNumber, what).toBe(citizen);
        delete body.applicant.personalIdentityNumber;
      }
      expect(JSON.stringify(body), what).not.toMatch(personnummerForms);
    }
    // The logs saw every call (an access line each), and the number in none of their lines.
    expect(logLines.filter((line) => line.includes('"msg":"request completed"'))).toHaveLength(seen.length);
    for (const line of [...logLines, ...businessLogLines]) expect(line).not.toMatch(personnummerForms);
  });
});
