import { OperationError } from '@brygga/contract';
import { type RunningBusinessSystem, startBusinessSystem } from '@brygga/example-business-system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BusinessApiVersion,
  BusinessSystemError,
  type CaseManagementAdapter,
  createCaseManagementAdapter,
} from '../src/index.ts';
import {
  anna,
  application,
  caseIdRequest,
  contextFor,
  expectHeadResponse,
  expectNoPersonalNumber,
  headRequest,
  personalNumber,
  rejectionOf,
  renderError,
  tolvan,
} from './support.ts';

// The main path: the adapter against the real example business system (its own HTTP server and SQLite store),
// once per business API version. The same head-level calls must pass with both: that is what lets the
// business system move from v1 to v2 with a new adapter configuration and no change to any e-service.

const apiKey = 'adapter-test-key';

async function startSystem(): Promise<RunningBusinessSystem> {
  // A clock one second further on each time it is read, so "newest first" never depends on two cases
  // landing in the same millisecond.
  let time = Date.parse('2026-11-20T09:00:00Z');
  const now = () => {
    time += 1000;
    return new Date(time);
  };
  return startBusinessSystem({ port: 0, dbPath: ':memory:', apiKey, log: () => {}, now });
}

/** A case officer's decision, through the business system's own v2 API (the head has no such operation). */
async function changeStatus(system: RunningBusinessSystem, caseId: string, status: string): Promise<void> {
  const response = await fetch(`${system.url}/api/v2/cases/${caseId}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  expect(response.status).toBe(200);
}

function applicationOf(changes: Record<string, unknown> = {}) {
  return { ...application, ...changes };
}

/** Files an application as `citizen`: the login is the applicant, the head request names no one. */
async function create(
  adapter: CaseManagementAdapter,
  citizen: string,
  changes: Record<string, unknown> = {},
) {
  const { body } = await adapter.handlers.createCase(
    headRequest('createCase', { body: applicationOf(changes) as never }),
    contextFor(citizen),
  );
  expectHeadResponse('createCase', body);
  return body as { caseId: string } & Record<string, unknown>;
}

const expectedStatuses: Readonly<Record<BusinessApiVersion, Readonly<Record<string, string>>>> = {
  v2: { under_review: 'under_review', supplement_requested: 'supplement_requested', approved: 'approved' },
  // v1 cannot say which: see headStatusOfV1.
  v1: { under_review: 'under_review', supplement_requested: 'under_review', approved: 'under_review' },
};

describe.each(['v1', 'v2'] as const)('with the business system speaking API %s', (apiVersion) => {
  let system: RunningBusinessSystem;
  let adapter: CaseManagementAdapter;
  let serial = 100;
  /** A citizen of their own per test, so the lists do not see each other's cases. */
  const newCitizen = () => personalNumber('19900101', String(serial++));

  beforeAll(async () => {
    system = await startSystem();
    adapter = createCaseManagementAdapter({ baseUrl: system.url, apiKey, apiVersion });
  });
  afterAll(async () => {
    await adapter.close();
    await system.close();
  });

  it('names the contract and the head version it serves', () => {
    expect(adapter.contract).toBe('case-management');
    expect(adapter.contractVersion).toBe('2026-12-01');
    expect(Object.keys(adapter.handlers).sort()).toEqual([
      'createCase',
      'getCase',
      'getCaseStatus',
      'listMyCases',
    ]);
  });

  it('is ready when the business system is', async () => {
    await expect(adapter.ready(new AbortController().signal)).resolves.toBeUndefined();
  });

  it('createCase submits the application and answers at head', async () => {
    const body = await create(adapter, tolvan);
    expect(body).toEqual({
      caseId: expect.any(String),
      applicationType: 'rivningslov',
      title: 'Rivning av förråd',
      description: 'Förrådet på tomtens östra del rivs.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      // No e-mail: the business system has nowhere to keep it (see README). No personnummer: never at head.
      applicant: { givenName: 'Tolvan', familyName: 'Tolvansson' },
      status: 'submitted',
      submittedAt: expect.stringMatching(/Z$/),
    });
  });

  it('createCase keeps every application type and an empty description', async () => {
    const citizen = newCitizen();
    for (const applicationType of ['bygglov', 'rivningslov', 'marklov']) {
      const created = await create(adapter, citizen, { applicationType, description: '' });
      const { body } = await adapter.handlers.getCase(caseIdRequest(created.caseId), contextFor(citizen));
      expect(body).toMatchObject({ applicationType, description: '' });
    }
  });

  it('createCase splits a name back at its last space, as the contract does for single names', async () => {
    const citizen = newCitizen();
    const created = await create(adapter, citizen, {
      applicant: { givenName: 'Maria', familyName: 'von Trapp' },
    });
    expect(created.applicant).toEqual({
      givenName: 'Maria von',
      familyName: 'Trapp',
    });
  });

  it('createCase with an Idempotency-Key creates the case once and replays it', async () => {
    const citizen = newCitizen();
    const context = contextFor(citizen, { idempotencyKey: 'a1b2c3' });
    const request = headRequest('createCase', { body: applicationOf() as never });
    const first = await adapter.handlers.createCase(request, context);
    const again = await adapter.handlers.createCase(request, context);
    expect(again.body).toEqual(first.body);
    expectHeadResponse('createCase', again.body);
    const { body } = await adapter.handlers.listMyCases(headRequest('listMyCases', {}), contextFor(citizen));
    expect((body as { cases: unknown[] }).cases).toHaveLength(1);
  });

  it('createCase with a key already used for another application is duplicate_submission', async () => {
    const citizen = newCitizen();
    const context = contextFor(citizen, { idempotencyKey: 'k-reused' });
    await adapter.handlers.createCase(headRequest('createCase', { body: applicationOf() as never }), context);
    const other = headRequest('createCase', { body: applicationOf({ title: 'Annat' }) as never });
    const error = await rejectionOf(adapter.handlers.createCase(other, context));
    expect(OperationError.is(error) && error.code).toBe('duplicate_submission');
    expectNoPersonalNumber(renderError(error));
  });

  it("createCase keeps each e-service's keys apart", async () => {
    const citizen = newCitizen();
    const request = headRequest('createCase', { body: applicationOf() as never });
    const first = await adapter.handlers.createCase(
      request,
      contextFor(citizen, { idempotencyKey: 'same', eServiceId: 'e-service-a' }),
    );
    const second = await adapter.handlers.createCase(
      request,
      contextFor(citizen, { idempotencyKey: 'same', eServiceId: 'e-service-b' }),
    );
    expect((second.body as { caseId: string }).caseId).not.toBe((first.body as { caseId: string }).caseId);
  });

  it('createCase files the case under the logged-in citizen, the only source of the personnummer', async () => {
    const citizen = newCitizen();
    const created = await create(adapter, citizen);
    expect(JSON.stringify(created)).not.toContain(citizen);
    // What the business system holds, through its own API.
    const stored = await fetch(`${system.url}/api/v2/cases/${encodeURIComponent(created.caseId)}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(((await stored.json()) as { applicant: unknown }).applicant).toMatchObject({
      personalIdentityNumber: citizen,
    });
    const forAnna = await adapter.handlers.listMyCases(headRequest('listMyCases', {}), contextFor(anna));
    expect((forAnna.body as { cases: { caseId: string }[] }).cases.map((c) => c.caseId)).not.toContain(
      created.caseId,
    );
    // Without a login there is nobody to file it for: a gateway fault, and nothing is filed.
    const error = await rejectionOf(
      adapter.handlers.createCase(headRequest('createCase', { body: application }), contextFor(undefined)),
    );
    expect(OperationError.is(error)).toBe(false);
    expectNoPersonalNumber(renderError(error));
  });

  it("getCase returns the citizen's own case at head", async () => {
    const citizen = newCitizen();
    const created = await create(adapter, citizen);
    const { body } = await adapter.handlers.getCase(caseIdRequest(created.caseId), contextFor(citizen));
    expectHeadResponse('getCase', body);
    expect(body).toEqual(created);
  });

  it("getCase and getCaseStatus answer case_not_found for someone else's case and for an unknown one", async () => {
    const owner = newCitizen();
    const created = await create(adapter, owner);
    for (const operation of ['getCase', 'getCaseStatus'] as const) {
      for (const [caseId, citizen] of [
        [created.caseId, anna],
        ['BN-2026-999999', owner],
      ] as const) {
        const error = await rejectionOf(
          adapter.handlers[operation](caseIdRequest(caseId), contextFor(citizen)),
        );
        expect(OperationError.is(error) && error.code).toBe('case_not_found');
        expectNoPersonalNumber(renderError(error));
      }
    }
  });

  it('getCaseStatus follows the case officer, as far as the API version can tell', async () => {
    const citizen = newCitizen();
    const created = await create(adapter, citizen);
    const initial = await adapter.handlers.getCaseStatus(caseIdRequest(created.caseId), contextFor(citizen));
    expectHeadResponse('getCaseStatus', initial.body);
    expect(initial.body).toEqual({
      caseId: created.caseId,
      status: 'submitted',
      updatedAt: created.submittedAt,
    });
    for (const status of ['under_review', 'supplement_requested', 'under_review', 'approved']) {
      await changeStatus(system, created.caseId, status);
      const { body } = await adapter.handlers.getCaseStatus(
        caseIdRequest(created.caseId),
        contextFor(citizen),
      );
      expectHeadResponse('getCaseStatus', body);
      expect((body as { status: string }).status).toBe(expectedStatuses[apiVersion][status]);
      const whole = await adapter.handlers.getCase(caseIdRequest(created.caseId), contextFor(citizen));
      expect((whole.body as { status: string }).status).toBe(expectedStatuses[apiVersion][status]);
    }
  });

  it("listMyCases lists only the citizen's cases, newest first, a page at a time", async () => {
    const citizen = newCitizen();
    const titles = ['Första', 'Andra', 'Tredje'];
    for (const title of titles) await create(adapter, citizen, { title });
    await create(adapter, newCitizen(), { title: 'Någon annans' });

    const first = await adapter.handlers.listMyCases(
      headRequest('listMyCases', { query: { limit: 2 } }),
      contextFor(citizen),
    );
    expectHeadResponse('listMyCases', first.body);
    const page1 = first.body as { cases: { title: string }[]; nextCursor: string | null };
    expect(page1.cases.map((item) => item.title)).toEqual(['Tredje', 'Andra']);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await adapter.handlers.listMyCases(
      headRequest('listMyCases', { query: { limit: 2, cursor: page1.nextCursor as string } }),
      contextFor(citizen),
    );
    expectHeadResponse('listMyCases', second.body);
    expect(second.body).toEqual({
      cases: [
        {
          caseId: expect.any(String),
          applicationType: 'rivningslov',
          title: 'Första',
          status: 'submitted',
          submittedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it('listMyCases with a cursor the business system cannot read is invalid_cursor', async () => {
    const error = await rejectionOf(
      adapter.handlers.listMyCases(
        headRequest('listMyCases', { query: { cursor: 'not-a-cursor' } }),
        contextFor(tolvan),
      ),
    );
    expect(OperationError.is(error) && error.code).toBe('invalid_cursor');
  });

  it('a refused API key is a BusinessSystemError the gateway answers with 502', async () => {
    const wrongKey = createCaseManagementAdapter({ baseUrl: system.url, apiKey: 'not-the-key', apiVersion });
    try {
      const error = await rejectionOf(
        wrongKey.handlers.listMyCases(headRequest('listMyCases', {}), contextFor(tolvan)),
      );
      expect(BusinessSystemError.is(error) && [error.code, error.status, error.upstreamStatus]).toEqual([
        'unauthorized',
        502,
        401,
      ]);
      expectNoPersonalNumber(renderError(error));
      expect(renderError(error)).not.toContain('not-the-key');
    } finally {
      await wrongKey.close();
    }
  });
});

describe('moving the business system from API v1 to v2', () => {
  let system: RunningBusinessSystem;
  let onV1: CaseManagementAdapter;
  let onV2: CaseManagementAdapter;

  beforeAll(async () => {
    system = await startSystem();
    onV1 = createCaseManagementAdapter({ baseUrl: system.url, apiKey, apiVersion: 'v1' });
    onV2 = createCaseManagementAdapter({ baseUrl: system.url, apiKey, apiVersion: 'v2' });
  });
  afterAll(async () => {
    await onV1.close();
    await onV2.close();
    await system.close();
  });

  it('shows cases filed through v1 the same after the switch, cursors included', async () => {
    const citizen = personalNumber('19750505', '321');
    const filed = [];
    for (const title of ['Garage', 'Carport', 'Staket']) filed.push(await create(onV1, citizen, { title }));

    for (const created of filed) {
      const before = await onV1.handlers.getCase(caseIdRequest(created.caseId), contextFor(citizen));
      const after = await onV2.handlers.getCase(caseIdRequest(created.caseId), contextFor(citizen));
      expect(after.body).toEqual(before.body);
    }
    const firstPage = await onV1.handlers.listMyCases(
      headRequest('listMyCases', { query: { limit: 1 } }),
      contextFor(citizen),
    );
    const cursor = (firstPage.body as { nextCursor: string }).nextCursor;
    const rest = headRequest('listMyCases', { query: { limit: 5, cursor } });
    const restBefore = await onV1.handlers.listMyCases(rest, contextFor(citizen));
    const restAfter = await onV2.handlers.listMyCases(rest, contextFor(citizen));
    expect(restAfter.body).toEqual(restBefore.body);
    expect((restAfter.body as { cases: unknown[] }).cases).toHaveLength(2);
  });

  it('answers a retry that straddles the switch with duplicate_submission, never a second case', async () => {
    // The business system fingerprints method, path and body, and the two API versions differ in all but the
    // method: a retry that straddles the switch is refused, never filed twice.
    const citizen = personalNumber('19750505', '654');
    const context = contextFor(citizen, { idempotencyKey: 'straddles-the-switch' });
    const request = headRequest('createCase', { body: applicationOf() as never });
    await onV1.handlers.createCase(request, context);
    const error = await rejectionOf(onV2.handlers.createCase(request, context));
    expect(OperationError.is(error) && error.code).toBe('duplicate_submission');
    const { body } = await onV2.handlers.listMyCases(headRequest('listMyCases', {}), contextFor(citizen));
    expect((body as { cases: unknown[] }).cases).toHaveLength(1);
  });
});
