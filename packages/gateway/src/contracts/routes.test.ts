import { type Adapter, defineContract, defineOperation, OperationError } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { createApp } from '../http/app.ts';
import { memoryCaseSystem } from './memory-adapter.test-support.ts';
import {
  type AdapterLookup,
  contractRoutes,
  type EServiceRegistration,
  type ProcessedCall,
} from './routes.ts';
import type { UsageEvent } from './usage/event.ts';

const eServices: EServiceRegistration[] = [
  {
    id: 'old-service',
    purposes: ['handlagga-bygglov'],
    contracts: [{ contract: 'case-management', version: '2026-01-15', businessSystem: 'arende' }],
  },
  {
    id: 'new-service',
    purposes: ['handlagga-bygglov', 'statistik'],
    contracts: [{ contract: 'case-management', version: '2026-12-01', businessSystem: 'arende' }],
  },
  {
    id: 'misconfigured',
    purposes: ['handlagga-bygglov'],
    contracts: [{ contract: 'case-management', version: '2025-06-01', businessSystem: 'arende' }],
  },
  { id: 'unrelated', purposes: ['annat'], contracts: [] },
];

const november = Date.parse('2026-11-25T12:00:00Z');
const citizen = '198112189876';

function setup(options: { adapter?: Adapter | null; now?: number; timeoutMs?: number } = {}) {
  const system = memoryCaseSystem();
  const logs = captureLogs();
  const usage: UsageEvent[] = [];
  const processed: ProcessedCall[] = [];
  const adapter = options.adapter === undefined ? system.adapter : options.adapter;
  const adapters: AdapterLookup = (businessSystem, contract) =>
    adapter && businessSystem === 'arende' && contract === 'case-management'
      ? { adapter, timeoutMs: options.timeoutMs ?? 2_000 }
      : undefined;
  const app = createApp({ logger: logs.logger });
  app.route(
    '/',
    contractRoutes({
      contracts: [caseManagement],
      eServices,
      adapters,
      resolveCaller: (c) => {
        const id = c.req.header('x-test-eservice');
        return id === undefined ? undefined : { eServiceId: id };
      },
      resolveCitizen: (c) => {
        const number = c.req.header('x-test-citizen');
        return number === undefined ? undefined : { personalIdentityNumber: number };
      },
      recordUsage: (event) => usage.push(event),
      onProcessed: async (event) => void processed.push(event),
      now: () => options.now ?? november,
      challenge: 'Basic realm="test"',
    }),
  );
  const call = (
    method: string,
    path: string,
    init: { eService?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) =>
    app.request(`/api/case-management${path}`, {
      method,
      headers: {
        ...(init.eService === undefined ? {} : { 'x-test-eservice': init.eService }),
        'x-test-citizen': citizen,
        ...(init.body !== undefined || init.rawBody !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...init.headers,
      },
      ...(init.rawBody !== undefined
        ? { body: init.rawBody }
        : init.body === undefined
          ? {}
          : { body: JSON.stringify(init.body) }),
    });
  return { app, system, logs, usage, processed, call };
}

const oldApplication = {
  subject: 'Tillbyggnad av enbostadshus',
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson', email: 'anna@example.se' },
};

describe('contract routes: who may call', () => {
  it('answers 404 for a contract the gateway does not have', async () => {
    const { app } = setup();
    const res = await app.request('/api/no-such-contract/cases', {
      headers: { 'x-test-eservice': 'new-service' },
    });
    expect(res.status).toBe(404);
  });

  it('answers 401 with a challenge when the caller is not authenticated', async () => {
    const { call } = setup();
    const res = await call('GET', '/cases');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="test"');
    expect((await res.json()).code).toBe('unauthenticated');
  });

  it('answers 403 to an e-service not registered for the contract', async () => {
    const { call } = setup();
    const res = await call('GET', '/cases', { eService: 'unrelated' });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden');
  });

  it('answers 401 when an operation acting for a citizen has none', async () => {
    const { app, usage } = setup();
    const res = await app.request('/api/case-management/cases', {
      headers: { 'x-test-eservice': 'new-service' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('brygga-version')).toBe('2026-12-01');
    expect(usage.map((event) => event.outcome)).toEqual(['rejected']);
  });
});

describe('contract routes: versions', () => {
  it('serves the pinned version and echoes it; a header overrides the pin', async () => {
    const { call } = setup();
    const pinned = await call('GET', '/cases', { eService: 'old-service' });
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('brygga-version')).toBe('2026-01-15');
    const overridden = await call('GET', '/cases', {
      eService: 'old-service',
      headers: { 'Brygga-Version': '2026-08-15' },
    });
    expect(overridden.headers.get('brygga-version')).toBe('2026-08-15');
  });

  it('answers 400 listing the supported versions for an unknown version, asked for or pinned', async () => {
    const { call } = setup();
    for (const res of [
      await call('GET', '/cases', { eService: 'new-service', headers: { 'Brygga-Version': '2025-01-01' } }),
      await call('GET', '/cases', { eService: 'misconfigured' }),
    ]) {
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe('version_unknown');
      expect(problem.supportedVersions).toEqual([
        '2026-12-01',
        '2026-11-01',
        '2026-08-15',
        '2026-04-01',
        '2026-01-15',
      ]);
      expect(res.headers.has('brygga-version')).toBe(false);
    }
  });

  it('sends consistent Deprecation, Sunset and Link headers for a deprecated version, none for an active one', async () => {
    const { call } = setup();
    const res = await call('GET', '/cases', { eService: 'old-service' });
    const deprecation = res.headers.get('deprecation') ?? '';
    const sunset = res.headers.get('sunset') ?? '';
    expect(deprecation).toBe(`@${Date.parse('2026-10-01T00:00:00Z') / 1000}`);
    expect(sunset).toBe('Thu, 01 Apr 2027 00:00:00 GMT');
    expect(Date.parse(sunset) / 1000).toBeGreaterThanOrEqual(Number(deprecation.slice(1)));
    expect(res.headers.get('link')).toBe(
      '</reference/case-management#v2026-01-15>; rel="deprecation"; type="text/html", ' +
        '</reference/case-management#v2026-01-15>; rel="sunset"; type="text/html"',
    );
    // Error responses at that version carry them too.
    const failed = await call('GET', '/cases?limit=0', { eService: 'old-service' });
    expect(failed.status).toBe(422);
    expect(failed.headers.get('deprecation')).toBe(deprecation);

    const active = await call('GET', '/cases', { eService: 'new-service' });
    expect(active.headers.has('deprecation')).toBe(false);
    expect(active.headers.has('sunset')).toBe(false);
    expect(active.headers.has('link')).toBe(false);
  });

  it('answers 410 after the sunset, still naming the version, and counts the call', async () => {
    const { call, usage, system } = setup({ now: Date.parse('2027-04-01T00:00:00Z') });
    const res = await call('GET', '/cases', { eService: 'old-service' });
    expect(res.status).toBe(410);
    expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    expect(res.headers.get('sunset')).toBe('Thu, 01 Apr 2027 00:00:00 GMT');
    const problem = await res.json();
    expect(problem.code).toBe('version_sunset');
    expect(problem.supportedVersions).toEqual(['2026-12-01', '2026-11-01', '2026-08-15', '2026-04-01']);
    expect(usage).toEqual([
      {
        eServiceId: 'old-service',
        contract: 'case-management',
        version: '2026-01-15',
        operationId: 'listMyCases',
        outcome: 'rejected',
        at: Date.parse('2027-04-01T00:00:00Z'),
      },
    ]);
    expect(system.requests).toHaveLength(0);
  });
});

describe('contract routes: requests', () => {
  it('answers 404 for a path the version does not have, and 405 with Allow for a wrong method', async () => {
    const { call } = setup();
    // getCaseStatus was added in 2026-04-01.
    const missing = await call('GET', '/cases/BN-2026-1/status', { eService: 'old-service' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('brygga-version')).toBe('2026-01-15');
    const wrong = await call('DELETE', '/cases', { eService: 'new-service' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET');
  });

  it('answers 422 with field paths and never the values', async () => {
    const { call, system } = setup();
    const res = await call('POST', '/cases', {
      eService: 'old-service',
      body: {
        ...oldApplication,
        title: 'Only newer versions know this',
        applicant: { personalIdentityNumber: '198112189875' },
      },
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).not.toContain('198112189875');
    expect(text).not.toContain('Only newer versions');
    const problem = JSON.parse(text);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      '/body/applicant/name',
      '/body/applicant/personalIdentityNumber',
      '/body/title',
    ]);
    expect(system.requests).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { call } = setup();
    const res = await call('POST', '/cases', { eService: 'new-service', rawBody: '{"subject": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('malformed_json');
  });

  it('hands the adapter the head request with request id, trace, purpose, citizen and idempotency key', async () => {
    const { call, system } = setup();
    const res = await call('POST', '/cases', {
      eService: 'old-service',
      body: oldApplication,
      headers: {
        'Idempotency-Key': 'k-123',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    expect(res.status).toBe(201);
    expect(system.requests[0]?.body).toMatchObject({
      applicationType: 'bygglov',
      title: oldApplication.subject,
    });
    // The head carries no personnummer: the adapter has the citizen from the context only.
    expect(JSON.stringify(system.requests[0])).not.toContain(citizen);
    // while the e-service at 2026-01-15 still gets back the applicant it sent.
    expect((await res.json()).applicant).toEqual(oldApplication.applicant);
    const context = system.contexts[0];
    expect(context).toMatchObject({
      eServiceId: 'old-service',
      purposeId: 'handlagga-bygglov',
      citizen: { personalIdentityNumber: citizen },
      idempotencyKey: 'k-123',
    });
    expect(context?.requestId).toBe(res.headers.get('x-request-id'));
    expect(context?.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(context?.signal.aborted).toBe(false);
  });

  it('takes another of the e-service’s purposes from Brygga-Purpose, and refuses one it does not have', async () => {
    const { call, system } = setup();
    const chosen = await call('GET', '/cases', {
      eService: 'new-service',
      headers: { 'Brygga-Purpose': 'statistik' },
    });
    expect(chosen.status).toBe(200);
    expect(system.contexts[0]?.purposeId).toBe('statistik');
    const refused = await call('GET', '/cases', {
      eService: 'old-service',
      headers: { 'Brygga-Purpose': 'statistik' },
    });
    expect(refused.status).toBe(403);
  });

  it('refuses an Idempotency-Key that is not 1–255 visible characters', async () => {
    const { call } = setup();
    const res = await call('POST', '/cases', {
      eService: 'old-service',
      body: oldApplication,
      headers: { 'Idempotency-Key': 'x'.repeat(256) },
    });
    expect(res.status).toBe(400);
  });
});

describe('contract routes: answers', () => {
  it('translates a declared error case to the caller’s version with the contract’s own texts', async () => {
    const { call, usage } = setup();
    const res = await call('GET', '/cases/BN-2026-999999', {
      eService: 'old-service',
      headers: { 'Accept-Language': 'en' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    // The same request would get the same answer: clients must not retry it.
    expect(res.headers.get('brygga-should-retry')).toBe('false');
    expect(await res.json()).toEqual({
      type: '/reference/case-management#error-case_not_found',
      title: 'The case does not exist.',
      status: 404,
      detail: 'Check the case number. You can only see your own cases.',
      code: 'case_not_found',
      requestId: res.headers.get('x-request-id'),
      contract: 'case-management',
      version: '2026-01-15',
      operation: 'getCase',
    });
    expect(usage.at(-1)?.outcome).toBe('operation_error');
  });

  it('answers 502 when the adapter breaks the contract, logging where and never what', async () => {
    const broken: Adapter = {
      contract: 'case-management',
      contractVersion: caseManagement.head.version,
      handlers: {
        listMyCases: async () => ({
          body: { cases: [{ caseId: 'BN-1', title: citizen }], nextCursor: null },
        }),
        getCase: async () => {
          throw new OperationError('no_such_code');
        },
      },
    };
    const { call, logs, usage } = setup({ adapter: broken });
    const res = await call('GET', '/cases', { eService: 'new-service' });
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('bad_gateway');
    expect(logs.text()).toContain('/body/cases/0/status (invalid_value)');
    expect(logs.text()).not.toContain(citizen);
    const undeclared = await call('GET', '/cases/BN-2026-1', { eService: 'new-service' });
    expect(undeclared.status).toBe(502);
    expect(logs.text()).toContain('undeclared error code no_such_code');
    expect(usage.map((event) => event.outcome)).toEqual(['bad_response', 'bad_response']);
  });

  it('answers 502 when the adapter fails, 504 when it does not answer in time, 503 when there is none', async () => {
    const failing: Adapter = {
      contract: 'case-management',
      contractVersion: caseManagement.head.version,
      handlers: {
        listMyCases: async () => {
          throw new Error('connect ECONNREFUSED');
        },
        // Ignores its signal on purpose: the gateway must still answer at the deadline.
        getCase: () => new Promise(() => {}),
      },
    };
    const { call, usage } = setup({ adapter: failing, timeoutMs: 20 });
    expect((await call('GET', '/cases', { eService: 'new-service' })).status).toBe(502);
    const late = await call('GET', '/cases/BN-2026-1', { eService: 'new-service' });
    expect(late.status).toBe(504);
    expect((await late.json()).code).toBe('gateway_timeout');
    expect((await call('GET', '/cases/BN-2026-1/status', { eService: 'new-service' })).status).toBe(503);
    expect(usage.map((event) => event.outcome)).toEqual(['failed', 'timeout', 'failed']);

    const none = setup({ adapter: null });
    const unserved = await none.call('GET', '/cases', { eService: 'new-service' });
    expect(unserved.status).toBe(503);
    expect(unserved.headers.get('brygga-should-retry')).toBe('false');
  });

  it('answers 503 when the adapter says the business system is down or its breaker is open, 504 when it timed out', async () => {
    const failures = [
      Object.assign(new Error('Business system call GET /cases answered 503: unavailable.'), { status: 503 }),
      Object.assign(new Error('The circuit breaker "arende" is open.'), { code: 'BRYGGA_CIRCUIT_OPEN' }),
      Object.assign(new Error('Business system call GET /cases: timeout.'), { status: 504 }),
      Object.assign(new Error('Business system call GET /cases answered 401: unauthorized.'), {
        status: 502,
      }),
    ];
    const failing: Adapter = {
      contract: 'case-management',
      contractVersion: caseManagement.head.version,
      handlers: {
        listMyCases: async () => {
          throw failures.shift();
        },
      },
    };
    const { call, usage } = setup({ adapter: failing });
    const answers: [number, string][] = [];
    for (let index = 0; index < 4; index += 1) {
      const res = await call('GET', '/cases', { eService: 'new-service' });
      answers.push([res.status, (await res.json()).code]);
    }
    expect(answers).toEqual([
      [503, 'service_unavailable'],
      [503, 'service_unavailable'],
      [504, 'gateway_timeout'],
      [502, 'bad_gateway'],
    ]);
    expect(usage.map((event) => event.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });
});

describe('contract routes: the personnummer stays with the gateway (applicant-from-login)', () => {
  const headApplication = {
    applicationType: 'rivningslov',
    title: 'Rivning av förråd',
    description: 'Förrådet är i dåligt skick.',
    propertyDesignation: 'UPPSALA KÅBO 5:12',
    applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
  };

  it('lets an e-service at the head apply without a personnummer and never sends it one', async () => {
    const { call, system } = setup();
    const created = await call('POST', '/cases', { eService: 'new-service', body: headApplication });
    expect(created.status).toBe(201);
    expect(created.headers.get('brygga-version')).toBe('2026-12-01');
    const body = await created.text();
    expect(JSON.parse(body)).toMatchObject({ ...headApplication, status: 'supplement_requested' });
    const caseId = JSON.parse(body).caseId as string;
    // The business system files it under the login's number.
    expect(system.contexts[0]?.citizen).toEqual({ personalIdentityNumber: citizen });
    expect(system.owners.get(caseId)).toBe(citizen);
    const read = await call('GET', `/cases/${caseId}`, { eService: 'new-service' });
    for (const text of [body, await read.text()]) expect(text).not.toMatch(/(?:19)?811218[-+]?9876/);
    // The same case at 2026-11-01 (one call's override) shows the number: it is the login's own case.
    const november = await call('GET', `/cases/${caseId}`, {
      eService: 'new-service',
      headers: { 'Brygga-Version': '2026-11-01' },
    });
    expect((await november.json()).applicant).toEqual({
      personalIdentityNumber: citizen,
      givenName: 'Anna Maria',
      familyName: 'Svensson',
    });
  });

  it('refuses a personnummer sent at the head as a field that version does not have', async () => {
    const { call, system } = setup();
    const res = await call('POST', '/cases', {
      eService: 'new-service',
      body: {
        ...headApplication,
        applicant: { ...headApplication.applicant, personalIdentityNumber: citizen },
      },
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).not.toContain(citizen);
    expect(JSON.parse(text).errors).toEqual([
      expect.objectContaining({ path: '/body/applicant/personalIdentityNumber', code: 'unrecognized_key' }),
    ]);
    expect(system.requests).toHaveLength(0);
  });

  it.each([
    {
      eService: 'old-service',
      asked: {} as Record<string, string>,
      version: '2026-01-15',
      application: oldApplication,
    },
    {
      eService: 'new-service',
      asked: { 'Brygga-Version': '2026-11-01' },
      version: '2026-11-01',
      application: {
        ...headApplication,
        applicant: { personalIdentityNumber: citizen, ...headApplication.applicant },
      },
    },
  ])(
    '$eService at $version, applying in someone else’s name, gets applicant_mismatch as from the adapter, audited',
    async ({ eService, asked, version, application }) => {
      const { call, system, usage, processed, logs } = setup();
      const someoneElse = '191212121212';
      const res = await call('POST', '/cases', {
        eService,
        body: {
          ...application,
          applicant: { ...application.applicant, personalIdentityNumber: someoneElse },
        },
        headers: { 'Accept-Language': 'en', ...asked },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('brygga-version')).toBe(version);
      expect(res.headers.get('brygga-should-retry')).toBe('false');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        type: '/reference/case-management#error-applicant_mismatch',
        title: 'You can only apply in your own name.',
        status: 403,
        detail:
          'The personal identity number in the application is not yours. Log in as the applicant and try again.',
        code: 'applicant_mismatch',
        requestId: res.headers.get('x-request-id'),
        contract: 'case-management',
        version,
        operation: 'createCase',
      });
      expect(text).not.toContain(someoneElse);
      expect(text).not.toContain(citizen);
      expect(logs.text()).toContain('version change applicant-from-login refused the request');
      expect(logs.text()).not.toContain(someoneElse);
      expect(logs.text()).not.toContain(citizen);
      // Refused before the business system: nothing filed, counted and audited as the error case.
      expect(system.requests).toHaveLength(0);
      expect(usage.map((event) => event.outcome)).toEqual(['operation_error']);
      expect(processed).toEqual([
        expect.objectContaining({
          eServiceId: eService,
          version,
          operationId: 'createCase',
          citizen: { personalIdentityNumber: citizen },
          outcome: { status: 'failure', problem: 'applicant_mismatch' },
        }),
      ]);
    },
  );
});

describe('contract routes: review fixes', () => {
  it('answers 500 internal_error and audits the call when the answer cannot be translated down', async () => {
    const text = (en: string) => ({ sv: `${en} (sv)`, en });
    const getThing = defineOperation({
      id: 'getThing',
      method: 'get',
      path: '/things/{thingId}',
      summary: text('Get a thing'),
      request: { params: z.strictObject({ thingId: z.string() }) },
      response: { status: 200, body: z.object({ thingId: z.string(), name: z.string() }) },
      errors: {},
      idempotent: true,
      actsForCitizen: false,
    });
    // A broken version change: older callers need `label`, which `down` forgets to fill in.
    const broken = defineContract({
      name: 'things',
      title: text('Things'),
      description: text('Things for tests.'),
      operations: [getThing],
      versions: [
        {
          version: '2026-03-01',
          stability: 'stable',
          changes: [
            {
              id: 'rename-label',
              description: text('The label is now called name.'),
              sideEffects: false,
              operations: {
                getThing: {
                  response: () => z.object({ thingId: z.string(), label: z.string() }),
                  down: (body) => ({ thingId: (body as { thingId: string }).thingId }),
                },
              },
            },
          ],
        },
        { version: '2026-01-01', stability: 'stable', changes: [] },
      ],
    });
    const secret = 'Hemlig Svensson';
    const adapter: Adapter = {
      contract: 'things',
      contractVersion: '2026-03-01',
      handlers: { getThing: async () => ({ body: { thingId: 't1', name: secret } }) },
    };
    const logs = captureLogs();
    const usage: UsageEvent[] = [];
    const processed: ProcessedCall[] = [];
    const app = createApp({ logger: logs.logger });
    app.route(
      '/',
      contractRoutes({
        contracts: [broken],
        eServices: [
          {
            id: 'svc',
            purposes: ['p'],
            contracts: [{ contract: 'things', version: '2026-01-01', businessSystem: 'sys' }],
          },
        ],
        adapters: () => ({ adapter, timeoutMs: 2_000 }),
        resolveCaller: () => ({ eServiceId: 'svc' }),
        recordUsage: (event) => usage.push(event),
        onProcessed: async (event) => void processed.push(event),
        now: () => november,
      }),
    );
    const res = await app.request('/api/things/things/t1');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.text();
    expect(JSON.parse(body).code).toBe('internal_error');
    expect(body).not.toContain(secret);
    expect(processed).toEqual([
      expect.objectContaining({
        eServiceId: 'svc',
        version: '2026-01-01',
        operationId: 'getThing',
        outcome: { status: 'failure', problem: 'internal_error' },
      }),
    ]);
    expect(usage.map((event) => event.outcome)).toEqual(['failed']);
    expect(logs.text()).toContain('/body/label (invalid_type)');
    expect(logs.text()).not.toContain(secret);
  });

  it('treats ?__proto__= as an unknown query field, not as the query’s prototype', async () => {
    const { call, system } = setup();
    const res = await call('GET', '/cases?__proto__=x', { eService: 'new-service' });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(['/query/__proto__']);
    expect(system.requests).toHaveLength(0);
  });

  it('falls back to the pin when Brygga-Version is empty or blank', async () => {
    const { call } = setup();
    for (const value of ['', '   ']) {
      const res = await call('GET', '/cases', {
        eService: 'old-service',
        headers: { 'Brygga-Version': value },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    }
  });

  it('routes a literal path word sent percent-encoded to its literal route', async () => {
    const { call } = setup();
    // `/%63ases` is `/cases` with its first letter escaped: the same resource.
    const res = await call('GET', '/%63ases', { eService: 'new-service' });
    expect(res.status).toBe(200);
  });

  it('answers HEAD on a GET route like the GET, without a body', async () => {
    const { call } = setup();
    const res = await call('HEAD', '/cases', { eService: 'new-service' });
    expect(res.status).toBe(200);
    expect(res.headers.get('brygga-version')).toBe('2026-12-01');
    expect(await res.text()).toBe('');
  });
});
