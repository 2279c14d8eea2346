import { createServer } from 'node:net';
import { OperationError } from '@brygga/contract';
import { MockAgent, type MockPool } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BusinessSystemError, createCaseManagementAdapter } from '../src/index.ts';
import {
  anna,
  application,
  caseIdRequest,
  contextFor,
  expectNoPersonalNumber,
  headRequest,
  rejectionOf,
  renderError,
  tolvan,
  traceparent,
} from './support.ts';

// What the real business system will not do on request: fail, hang, or answer nonsense. undici's MockAgent
// stands in for it here; the main path runs against the real system in business-system.test.ts.

const origin = 'http://business-system.test';
const caseId = 'BN-2026-000001';

const v2Case = (personalIdentityNumber = tolvan) => ({
  id: caseId,
  applicant: { personalIdentityNumber, name: 'Tolvan Tolvansson' },
  title: 'Rivning av förråd',
  description: 'Typ av ansökan: rivningslov\n\nFörrådet rivs.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  status: 'under_review',
  statusHistory: [],
  createdAt: '2026-11-20T09:30:00.000Z',
  updatedAt: '2026-11-21T10:00:00+01:00',
});

const json = { headers: { 'content-type': 'application/json', 'x-request-id': 'upstream-1' } };
const problem = { headers: { 'content-type': 'application/problem+json', 'x-request-id': 'upstream-1' } };

let agent: MockAgent;
let pool: MockPool;

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  pool = agent.get(origin);
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const adapterFor = (apiVersion: 'v1' | 'v2' = 'v2') =>
  createCaseManagementAdapter({ baseUrl: origin, apiKey: 'secret-key', apiVersion, dispatcher: agent });

const getCase = (citizen = tolvan, context = contextFor(citizen)) =>
  adapterFor().handlers.getCase(caseIdRequest(caseId), context);

async function businessError(promise: Promise<unknown>): Promise<BusinessSystemError> {
  const error = await rejectionOf(promise);
  if (!BusinessSystemError.is(error)) throw new Error(`expected a BusinessSystemError, got ${String(error)}`);
  expectNoPersonalNumber(renderError(error));
  return error;
}

describe('what goes on the wire', () => {
  it('sends the API key, the trace and a scoped Idempotency-Key; the personnummer only in the body', async () => {
    pool.intercept({ path: '/api/v2/cases', method: 'POST' }).reply(201, v2Case(), json);
    const context = contextFor(tolvan, { idempotencyKey: 'key-1' });
    await adapterFor().handlers.createCase(headRequest('createCase', { body: application }), context);

    const [call] = agent.getCallHistory()?.calls() ?? [];
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer secret-key',
      traceparent,
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(call?.headers?.['idempotency-key']).not.toBe('key-1');
    expect(JSON.parse(call?.body ?? '')).toEqual({
      applicant: { personalIdentityNumber: tolvan, name: 'Tolvan Tolvansson' },
      title: 'Rivning av förråd',
      description: 'Typ av ansökan: rivningslov\n\nFörrådet på tomtens östra del rivs.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
    });
  });

  it('speaks v1 names to a v1 business system, and searches by applicant in a POST body', async () => {
    pool.intercept({ path: '/api/v1/cases', method: 'POST' }).reply(
      201,
      {
        id: caseId,
        applicantPersonalNumber: tolvan,
        applicantName: 'Tolvan Tolvansson',
        subject: 'Rivning av förråd',
        description: 'Typ av ansökan: rivningslov\n\nFörrådet på tomtens östra del rivs.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        status: 'decided',
        attachments: [],
        createdAt: '2026-11-20T09:30:00.000Z',
        updatedAt: '2026-11-20T09:30:00.000Z',
      },
      json,
    );
    pool
      .intercept({ path: '/api/v1/cases/search', method: 'POST' })
      .reply(200, { items: [], nextCursor: null }, json);
    const adapter = adapterFor('v1');
    const created = await adapter.handlers.createCase(
      headRequest('createCase', { body: application }),
      contextFor(tolvan),
    );
    // decided cannot say how: the adapter does not guess (see headStatusOfV1).
    expect(created.body).toMatchObject({ status: 'under_review', applicationType: 'rivningslov' });
    await adapter.handlers.listMyCases(
      headRequest('listMyCases', { query: { limit: 5 } }),
      contextFor(tolvan),
    );

    const calls = agent.getCallHistory()?.calls() ?? [];
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      applicantPersonalNumber: tolvan,
      applicantName: 'Tolvan Tolvansson',
      subject: 'Rivning av förråd',
      description: 'Typ av ansökan: rivningslov\n\nFörrådet på tomtens östra del rivs.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
    });
    expect(calls[1]?.fullUrl).toBe(`${origin}/api/v1/cases/search`);
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({ applicantPersonalNumber: tolvan, limit: 5 });
    expect(calls[0]?.headers?.['idempotency-key']).toBeUndefined();
  });

  it('keeps a path prefix of the base URL and converts offset timestamps to UTC', async () => {
    pool.intercept({ path: `/case-system/api/v2/cases/${caseId}`, method: 'GET' }).reply(200, v2Case(), json);
    const adapter = createCaseManagementAdapter({
      baseUrl: `${origin}/case-system/`,
      apiKey: 'secret-key',
      apiVersion: 'v2',
      dispatcher: agent,
    });
    const { body } = await adapter.handlers.getCaseStatus(caseIdRequest(caseId), contextFor(tolvan));
    expect(body).toEqual({ caseId, status: 'under_review', updatedAt: '2026-11-21T09:00:00.000Z' });
  });
});

describe('business-system failures', () => {
  it('5xx is unavailable (503), with the business request id to look it up', async () => {
    pool
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(500, { code: 'internal_error' }, problem);
    const error = await businessError(getCase());
    expect([
      error.code,
      error.status,
      error.upstreamStatus,
      error.upstreamRequestId,
      error.upstreamCode,
    ]).toEqual(['unavailable', 503, 500, 'upstream-1', 'internal_error']);
    expect(error.message).toBe('Business system call GET /api/v2/cases/{id} answered 500: unavailable.');
  });

  it('401 and 403 are unauthorized (502): the adapter is misconfigured, not the caller', async () => {
    for (const status of [401, 403]) {
      pool.intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' }).reply(status, {}, problem);
      const error = await businessError(getCase());
      expect([error.code, error.status]).toEqual(['unauthorized', 502]);
    }
  });

  it('a 4xx with no contract meaning is rejected (502), and its body never reaches the message', async () => {
    pool
      .intercept({ path: '/api/v2/cases', method: 'POST' })
      .reply(
        422,
        { code: 'validation_failed', errors: [{ pointer: '/applicant/name', echo: tolvan }] },
        problem,
      );
    const error = await businessError(
      adapterFor().handlers.createCase(headRequest('createCase', { body: application }), contextFor(tolvan)),
    );
    expect([error.code, error.upstreamCode, error.call]).toEqual([
      'rejected',
      'validation_failed',
      { method: 'POST', route: '/api/v2/cases' },
    ]);
  });

  it('the gateway running out of time is timeout (504)', async () => {
    pool
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(200, v2Case(), json)
      .delay(60_000);
    const controller = new AbortController();
    const pending = getCase(tolvan, contextFor(tolvan, { signal: controller.signal }));
    controller.abort(new DOMException('The gateway time limit ran out.', 'TimeoutError'));
    const error = await businessError(pending);
    expect([error.code, error.status]).toEqual(['timeout', 504]);
  });

  it('a caller who went away is aborted, and nothing is sent for an already aborted call', async () => {
    const error = await businessError(getCase(tolvan, contextFor(tolvan, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('aborted');
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('a refused connection is unreachable (502)', async () => {
    // A port that was free a moment ago and has nothing listening now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const adapter = createCaseManagementAdapter({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'secret-key',
      apiVersion: 'v2',
    });
    try {
      const error = await businessError(adapter.handlers.getCase(caseIdRequest(caseId), contextFor(tolvan)));
      expect([error.code, error.status]).toEqual(['unreachable', 502]);
    } finally {
      await adapter.close();
    }
  });

  it('a 200 whose JSON is cut off is bad_response, without quoting the body', async () => {
    pool
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(200, `{"id":"${caseId}","applicant":{"personalIdentityNumber":"${tolvan}"`, json);
    const error = await businessError(getCase());
    expect([error.code, error.status]).toEqual(['bad_response', 502]);
  });

  it('a 200 of the wrong shape is bad_response, naming the fields but not their values', async () => {
    const { status: _, ...withoutStatus } = v2Case();
    pool
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(200, { ...withoutStatus, status: 'lost', applicant: { personalIdentityNumber: tolvan } }, json);
    const error = await businessError(getCase());
    expect(error.code).toBe('bad_response');
    expect(error.issues).toEqual(['applicant.name: invalid_type', 'status: invalid_value']);
  });

  it('a created or replayed case of another applicant is bad_response, never passed on', async () => {
    pool.intercept({ path: '/api/v2/cases', method: 'POST' }).reply(200, v2Case(anna), json);
    const error = await businessError(
      adapterFor().handlers.createCase(headRequest('createCase', { body: application }), contextFor(tolvan)),
    );
    expect(error.code).toBe('bad_response');
    expect(error.issues).toEqual(['applicant: a case of another applicant']);
  });

  it("a search that returns another applicant's case is bad_response, never passed on", async () => {
    pool
      .intercept({ path: '/api/v2/cases/search', method: 'POST' })
      .reply(200, { items: [v2Case(tolvan), v2Case(anna)], nextCursor: null }, json);
    const error = await businessError(
      adapterFor().handlers.listMyCases(headRequest('listMyCases', {}), contextFor(tolvan)),
    );
    expect(error.code).toBe('bad_response');
  });

  it('a 404 on a case is case_not_found; on a search it is the business system failing', async () => {
    pool
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(404, { code: 'not_found' }, problem);
    pool
      .intercept({ path: '/api/v2/cases/search', method: 'POST' })
      .reply(404, { code: 'not_found' }, problem);
    const missing = await rejectionOf(getCase());
    expect(OperationError.is(missing) && missing.code).toBe('case_not_found');
    const error = await businessError(
      adapterFor().handlers.listMyCases(headRequest('listMyCases', {}), contextFor(tolvan)),
    );
    expect(error.code).toBe('rejected');
  });

  it('a 409 other than a reused key is not taken for a duplicate submission', async () => {
    pool
      .intercept({ path: '/api/v2/cases', method: 'POST' })
      .reply(409, { code: 'invalid_status_transition' }, problem);
    const error = await businessError(
      adapterFor().handlers.createCase(headRequest('createCase', { body: application }), contextFor(tolvan)),
    );
    expect(error.code).toBe('rejected');
  });
});

describe('readiness, configuration and lifecycle', () => {
  it('is not ready while the business system reports itself unavailable', async () => {
    pool.intercept({ path: '/health', method: 'GET' }).reply(503, { status: 'unavailable' }, json);
    const error = await businessError(adapterFor().ready(new AbortController().signal));
    expect(error.code).toBe('unavailable');
  });

  it('refuses a call without a logged-in citizen: a gateway fault, not a business-system one', async () => {
    const error = await rejectionOf(getCase(tolvan, contextFor(undefined)));
    expect(BusinessSystemError.is(error) || OperationError.is(error)).toBe(false);
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('refuses bad options without echoing the API key', () => {
    const base = { baseUrl: origin, apiKey: 'secret-key', apiVersion: 'v2' } as const;
    expect(() => createCaseManagementAdapter({ ...base, apiVersion: 'v3' as never })).toThrow(/apiVersion/);
    expect(() => createCaseManagementAdapter({ ...base, apiVersion: 'toString' as never })).toThrow(
      /apiVersion/,
    );
    expect(() => createCaseManagementAdapter({ ...base, baseUrl: 'ftp://x' })).toThrow(/baseUrl/);
    expect(() => createCaseManagementAdapter({ ...base, apiKey: '' })).toThrow(/apiKey/);
  });

  it('leaves an injected dispatcher open on close', async () => {
    pool.intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' }).reply(200, v2Case(), json);
    const adapter = adapterFor();
    await adapter.close();
    await expect(getCase()).resolves.toMatchObject({ body: { caseId } });
  });
});
