import type { VersionId } from '@brygga/contract';
import {
  type CaseManagement,
  caseManagement,
  exampleContext,
  examples,
} from '@brygga/contract-case-management';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BryggaApiError,
  ConflictError,
  ConnectionError,
  createClient,
  type DeprecationNotice,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  VersionSunsetError,
} from '../src/index.ts';
import { type MockGatewayOptions, mockGateway, mockOperation, scenarioHeader } from '../src/testing/index.ts';
import { application } from './support/fixtures.ts';

/* An SDK client against the msw handlers of @brygga/sdk/testing: the e-service's view, with no gateway. */

const gatewayUrl = 'https://brygga.test';
const head = '2026-12-01';
const server = setupServer();
let sleeps: number[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sleeps = [];
});
afterAll(() => server.close());

function mock(options: Partial<MockGatewayOptions<typeof caseManagement>> = {}) {
  const full = { contract: caseManagement, version: head, gatewayUrl, ...options };
  server.use(...mockGateway(full));
  return full;
}

function client<const V extends VersionId<CaseManagement> = typeof head>(
  version: V = head as V,
  extra: { onDeprecation?: (notice: DeprecationNotice) => void } = {},
) {
  return createClient({
    gatewayUrl,
    contract: caseManagement,
    version,
    accessToken: 'test-token',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onDeprecation: () => {},
    ...extra,
  });
}

async function failure(call: Promise<unknown>): Promise<BryggaApiError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!BryggaApiError.is(error)) throw new Error(`expected a BryggaApiError, got ${String(error)}`);
  return error;
}

describe('valid example responses', () => {
  it('answers with the given examples, the path parameter echoed, and the gateway’s headers', async () => {
    const byOperation = examples[head];
    mock({ examples: byOperation });
    const cases = client();
    const created = await cases.withResponse.createCase({ body: application });
    expect(created.data).toEqual(byOperation?.createCase?.response.body);
    expect(created.response.status).toBe(201);
    expect(created.response.version).toBe(head);
    expect(created.response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.response.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-/);
    const fetched = await cases.getCase({ params: { caseId: 'BN-2026-777' } });
    expect(fetched.caseId).toBe('BN-2026-777');
    expect(fetched.title).toBe('Nybyggnad av garage');
  });

  it('makes up a valid response for every operation of every version when no examples are given', async () => {
    for (const { version } of caseManagement.versionDefinitions) {
      server.resetHandlers();
      // Older versions' applications name the applicant, whom the gateway checks against the login.
      mock({ version, now: () => Date.parse('2026-01-20T00:00:00Z'), citizen: exampleContext.citizen });
      const cases = client(version);
      const resolved = caseManagement.resolve(version);
      for (const operation of resolved?.operations.values() ?? []) {
        const request = examples[version]?.[operation.id]?.request ?? {};
        const call = cases.withResponse[operation.id as 'getCase'] as (
          input: unknown,
        ) => Promise<{ data: unknown }>;
        const { data } = await call(request);
        expect(operation.response.body.safeParse(data).success, `${version} ${operation.id}`).toBe(true);
      }
    }
  });
});

describe('error cases on demand', () => {
  it('answers an operation’s declared error, in Swedish or English, with a header per call', async () => {
    mock();
    const cases = client();
    const headers = { [scenarioHeader]: 'case_not_found' };
    const swedish = await failure(cases.getCase({ params: { caseId: 'x' } }, { headers }));
    expect(swedish).toBeInstanceOf(NotFoundError);
    expect(swedish).toMatchObject({ code: 'case_not_found', status: 404, title: 'Ärendet finns inte.' });
    expect(swedish.detail).toBe('Kontrollera diarienumret. Du kan bara se dina egna ärenden.');
    expect(swedish.requestId).toBe(swedish.headers?.get('x-request-id'));
    const english = await failure(
      cases.getCase({ params: { caseId: 'x' } }, { headers: { ...headers, 'accept-language': 'en' } }),
    );
    expect(english.title).toBe('The case does not exist.');
  });

  it('answers a fixed scenario per operation', async () => {
    mock({ scenarios: { createCase: 'duplicate_submission' } });
    let requests = 0;
    server.events.on('request:start', () => {
      requests += 1;
    });
    const error = await failure(client().createCase({ body: application }));
    server.events.removeAllListeners();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('duplicate_submission');
    // A declared outcome: the gateway says Brygga-Should-Retry: false, so the client does not repeat it.
    expect(error.headers?.get('brygga-should-retry')).toBe('false');
    expect(requests).toBe(1);
  });

  it('answers a submission reusing an Idempotency-Key with another body with 409 conflict, not retried', async () => {
    mock({ examples: examples[head] });
    const cases = client();
    const first = await cases.submit.createCase({ body: application }, { idempotencyKey: 'form-9' });
    expect(first.receiptId).toMatch(/^rcpt_/);
    const changed = { ...application, title: 'Något annat' };
    let requests = 0;
    server.events.on('request:start', () => {
      requests += 1;
    });
    const error = await failure(cases.submit.createCase({ body: changed }, { idempotencyKey: 'form-9' }));
    server.events.removeAllListeners();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('conflict');
    expect(error.headers?.get('brygga-should-retry')).toBe('false');
    expect(requests).toBe(1);
    // The same body again still gets the first receipt.
    const again = await cases.submit.createCase({ body: application }, { idempotencyKey: 'form-9' });
    expect(again.receiptId).toBe(first.receiptId);
  });

  it('fails once with 503 and Retry-After, which the client waits out and retries with the same key', async () => {
    const options = mock({ examples: examples[head] });
    const keys: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      keys.push(request.headers.get('idempotency-key'));
    });
    server.use(mockOperation(options, 'createCase', 'service_unavailable', { once: true }));
    await expect(client().createCase({ body: application })).resolves.toMatchObject({ status: 'submitted' });
    expect(sleeps).toEqual([1000]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    server.events.removeAllListeners();
  });

  it('drops the connection for network_error', async () => {
    mock({ scenarios: { getCaseStatus: 'network_error' } });
    const error = await failure(client().getCaseStatus({ params: { caseId: 'x' } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(sleeps).toHaveLength(2);
  });

  it('takes a custom scenario for codes outside the contract and catalogue', async () => {
    const options = mock();
    server.use(
      mockOperation(
        options,
        'listMyCases',
        { status: 429, code: 'rate_limited', headers: { 'Retry-After': '2' } },
        { once: true },
      ),
    );
    await client().listMyCases();
    expect(sleeps).toEqual([2000]);
    server.use(mockOperation(options, 'listMyCases', { status: 429, code: 'rate_limited' }));
    expect(await failure(client().listMyCases(undefined, { maxRetries: 0 }))).toBeInstanceOf(RateLimitError);
  });

  it('says which scenarios exist when given an unknown one', async () => {
    mock();
    const error = await failure(
      client().getCase({ params: { caseId: 'x' } }, { headers: { [scenarioHeader]: 'case_lost' } }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.detail).toMatch(
      /Unknown mock scenario "case_lost" for getCase: use success, network_error, case_not_found/,
    );
  });
});

describe('the gateway’s checks', () => {
  it('refuses a request the version does not accept with validation_failed and the field paths', async () => {
    mock();
    const cases = client();
    // Bypassing the types on purpose: `subject` is the oldest version's name for `title`.
    const body = { ...application, subject: 'Garage' } as typeof application;
    const error = await failure(cases.createCase({ body }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.code).toBe('validation_failed');
    expect((error as InvalidRequestError).errors).toEqual([
      { path: '/body/subject', code: 'unrecognized_key', message: 'Unknown field.' },
    ]);
  });

  it('answers 401 without a bearer token', async () => {
    mock();
    const response = await fetch(`${gatewayUrl}/api/case-management/cases`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const error = await failure(
      createClient({ gatewayUrl, contract: caseManagement, version: head, accessToken: '' }).listMyCases(),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('answers an older version’s application in another name than the login’s with applicant_mismatch', async () => {
    const version = '2026-11-01';
    const request = examples[version]?.createCase?.request ?? {};
    const create = (cases: ReturnType<typeof client>) =>
      (cases.createCase as (input: unknown, options: { maxRetries: number }) => Promise<unknown>)(request, {
        maxRetries: 0,
      });
    mock({ version });
    const error = await failure(create(client(version)));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'applicant_mismatch', status: 403 });
    server.resetHandlers();
    mock({ version, citizen: exampleContext.citizen });
    await expect(create(client(version))).resolves.toBeDefined();
  });

  it('refuses a client pinned to another version than the mock serves', async () => {
    mock();
    const error = await failure(client('2026-08-15').listMyCases());
    expect(error.code).toBe('version_unknown');
    expect(error.supportedVersions).toEqual(caseManagement.versionIds);
  });

  it('announces deprecation and sunset of the pinned version, and answers 410 after the sunset', async () => {
    const notices: DeprecationNotice[] = [];
    mock({ version: '2026-01-15', now: () => Date.parse('2026-12-01T00:00:00Z') });
    await client('2026-01-15', { onDeprecation: (notice) => notices.push(notice) }).listMyCases();
    expect(notices).toEqual([
      {
        contract: 'case-management',
        version: '2026-01-15',
        deprecatedAt: new Date('2026-10-01T00:00:00Z'),
        sunsetAt: new Date('2027-04-01T00:00:00Z'),
        link: '/reference/case-management#v2026-01-15',
      },
    ]);
    server.resetHandlers();
    mock({ version: '2026-01-15', now: () => Date.parse('2027-04-01T00:00:00Z') });
    const error = await failure(client('2026-01-15').listMyCases());
    expect(error).toBeInstanceOf(VersionSunsetError);
  });

  it('refuses an example that is not valid at the version when the handlers are made', () => {
    expect(() =>
      mockGateway({
        contract: caseManagement,
        version: '2026-01-15',
        examples: { getCase: { response: { body: { caseId: 1 } } } },
      }),
    ).toThrow(/The given example response of "getCase" is not valid at 2026-01-15/);
  });
});
