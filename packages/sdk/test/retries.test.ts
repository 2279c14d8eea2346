import { caseManagement } from '@brygga/contract-case-management';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BryggaApiError,
  type ClientOptions,
  ConflictError,
  ConnectionError,
  createClient,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  VersionSunsetError,
} from '../src/index.ts';
import {
  drop,
  type FaultyGateway,
  hang,
  problem,
  respond,
  startFaultyGateway,
} from './support/faulty-gateway.ts';
import { application, createdCase as created } from './support/fixtures.ts';

/*
 * The request core against a real HTTP server that fails the ways stripe-node is built for. The sleep between
 * retries is recorded instead of waited, and the jitter source is fixed, so no test waits on backoff.
 */

const version = '2026-11-01';
const caseId = 'BN-2026-001234';

let gateway: FaultyGateway;
let sleeps: number[];

beforeAll(async () => {
  gateway = await startFaultyGateway();
});
afterAll(() => gateway.close());
beforeEach(() => {
  sleeps = [];
});

function client(overrides: Partial<ClientOptions<typeof caseManagement>> = {}) {
  return createClient({
    gatewayUrl: gateway.url,
    contract: caseManagement,
    version,
    accessToken: 'token-1',
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onDeprecation: () => {},
    ...overrides,
  });
}

const keys = () => gateway.received.map((request) => request.headers['idempotency-key']);

async function rejection(promise: Promise<unknown>): Promise<BryggaApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!BryggaApiError.is(error)) throw new Error(`expected a BryggaApiError, got ${String(error)}`);
  return error;
}

describe('retries with the same idempotency key', () => {
  it('retries dropped connections with backoff and sends one key on every attempt', async () => {
    gateway.script(
      drop,
      drop,
      respond(201, created, { 'x-request-id': 'req-ok', 'brygga-version': version }),
    );
    const cases = client();
    const result = await cases.withResponse.createCase({ body: application });
    expect(result.data).toEqual(created);
    expect(result.response).toMatchObject({ requestId: 'req-ok', version, status: 201, retries: 2 });
    expect(gateway.received).toHaveLength(3);
    const [first] = keys();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys()).toEqual([first, first, first]);
    expect(result.response.idempotencyKey).toBe(first);
    // random 0.5 → 75 % of 0.5 s and 1 s, never under 0.5 s
    expect(sleeps).toEqual([500, 750]);
  });

  it('gives each call its own key, and keeps a key the caller chose', async () => {
    gateway.script(respond(201, created), respond(201, created), drop, respond(201, created));
    const cases = client();
    await cases.createCase({ body: application });
    await cases.createCase({ body: application });
    await cases.createCase({ body: application }, { idempotencyKey: 'form-7f3a' });
    const [a, b, c, d] = keys();
    expect(a).not.toBe(b);
    expect([c, d]).toEqual(['form-7f3a', 'form-7f3a']);
  });

  it('retries 500 and 503, waits at least Retry-After, and gives up after maxRetries with the last error', async () => {
    gateway.script(
      problem(503, 'service_unavailable', 'req-1', { headers: { 'retry-after': '3' } }),
      problem(500, 'internal_error', 'req-2'),
      problem(500, 'internal_error', 'req-3'),
    );
    const error = await rejection(client().createCase({ body: application }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'internal_error', status: 500, requestId: 'req-3' });
    expect(gateway.received).toHaveLength(3);
    expect(new Set(keys()).size).toBe(1);
    expect(sleeps).toEqual([3000, 750]);
  });

  it('retries a 409 conflict', async () => {
    gateway.script(problem(409, 'conflict', 'req-c'), respond(201, created));
    await expect(client().createCase({ body: application })).resolves.toEqual(created);
    expect(gateway.received).toHaveLength(2);
    expect(new Set(keys()).size).toBe(1);
  });

  it('retries a 429 after Retry-After', async () => {
    gateway.script(
      problem(429, 'rate_limited', 'req-r', { headers: { 'retry-after': '2' } }),
      respond(201, created),
    );
    await client().createCase({ body: application });
    expect(sleeps).toEqual([2000]);
  });

  it('does not wait for a Retry-After over a minute: the call fails with it at once', async () => {
    gateway.script(problem(429, 'rate_limited', 'req-r', { headers: { 'retry-after': '120' } }));
    const error = await rejection(client().createCase({ body: application }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('120');
    expect(gateway.received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('follows Brygga-Should-Retry over the status, both ways', async () => {
    gateway.script(
      problem(409, 'duplicate_submission', 'req-d', { headers: { 'brygga-should-retry': 'false' } }),
    );
    const conflict = await rejection(client().createCase({ body: application }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.code).toBe('duplicate_submission');
    expect(gateway.received).toHaveLength(1);

    gateway.script(
      problem(400, 'bad_request', 'req-b', { headers: { 'brygga-should-retry': 'true' } }),
      respond(201, created),
    );
    await expect(client().createCase({ body: application })).resolves.toEqual(created);
    expect(gateway.received).toHaveLength(2);
  });

  it('retries a read too, without an idempotency key', async () => {
    gateway.script(drop, respond(200, created));
    await expect(client().getCase({ params: { caseId } })).resolves.toEqual(created);
    expect(gateway.received.map((request) => request.method)).toEqual(['GET', 'GET']);
    expect(keys()).toEqual([undefined, undefined]);
  });

  it('asks for a fresh access token before every attempt', async () => {
    let issued = 0;
    gateway.script(problem(503, 'service_unavailable', 'req-1'), respond(200, created));
    await client({ accessToken: async () => `token-${++issued}` }).getCase({ params: { caseId } });
    expect(gateway.received.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('with maxRetries 0 makes one attempt, and still sends an idempotency key', async () => {
    gateway.script(drop);
    const error = await rejection(client({ maxRetries: 0 }).createCase({ body: application }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('connection_error');
    expect(error.cause).toBeDefined();
    expect(gateway.received).toHaveLength(1);
    expect(keys()[0]).toBeDefined();
  });
});

describe('no retry where a repeat cannot help', () => {
  it.each([
    [401, 'unauthenticated', AuthenticationError],
    [404, 'case_not_found', NotFoundError],
    [422, 'validation_failed', InvalidRequestError],
    [400, 'version_unknown', InvalidRequestError],
  ])('%i %s → %o, one attempt, with the request id', async (status, code, ErrorClass) => {
    gateway.script(problem(status, code, `req-${code}`));
    const error = await rejection(client().getCase({ params: { caseId } }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, status, requestId: `req-${code}` });
    expect(gateway.received).toHaveLength(1);
  });

  it('410 version_sunset → VersionSunsetError with the versions still served', async () => {
    gateway.script(
      problem(410, 'version_sunset', 'req-s', {
        extensions: { supportedVersions: ['2026-11-01', '2026-08-15'] },
      }),
    );
    const error = await rejection(client().getCase({ params: { caseId } }));
    expect(error).toBeInstanceOf(VersionSunsetError);
    expect(error.supportedVersions).toEqual(['2026-11-01', '2026-08-15']);
    expect(gateway.received).toHaveLength(1);
  });

  it('lists the invalid fields of validation_failed', async () => {
    const errors = [
      { path: '/body/title', code: 'too_small', message: 'Värdet är för litet eller för kort.' },
    ];
    gateway.script(problem(422, 'validation_failed', 'req-v', { extensions: { errors } }));
    const error = await rejection(client().createCase({ body: application }));
    expect(InvalidRequestError.is(error) && error.errors).toEqual(errors);
  });
});

describe('bodies that are not what they should be', () => {
  it('a success that is not JSON fails with ApiError invalid_response and is not repeated (the gateway acted)', async () => {
    gateway.script(respond(201, '{"caseId": "BN-', { 'x-request-id': 'req-m' }));
    const error = await rejection(client().createCase({ body: application }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 201, requestId: 'req-m' });
    expect(gateway.received).toHaveLength(1);
  });

  it('an error that is not a problem document is unexpected_response, by status, with X-Request-Id', async () => {
    gateway.script(
      respond(502, '<html>Bad Gateway</html>', { 'x-request-id': 'req-p1' }),
      respond(502, '<html>Bad Gateway</html>', { 'x-request-id': 'req-p2' }),
      respond(502, '<html>Bad Gateway</html>', { 'x-request-id': 'req-p3' }),
    );
    const error = await rejection(client().getCase({ params: { caseId } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'unexpected_response',
      status: 502,
      requestId: 'req-p3',
      title: 'HTTP 502',
    });
    expect(gateway.received).toHaveLength(3);
  });
});

describe('timeouts and cancellation', () => {
  it('times out a hanging attempt, retries it, and fails with TimeoutError (a ConnectionError)', async () => {
    gateway.script(hang, hang);
    const error = await rejection(client({ timeoutMs: 50, maxRetries: 1 }).createCase({ body: application }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ConnectionError.is(error)).toBe(true);
    expect(error.code).toBe('timeout');
    expect(gateway.received).toHaveLength(2);
    expect(new Set(keys()).size).toBe(1);
  });

  it('stops at once when the caller aborts during a wait, with the caller’s reason, and sends nothing more', async () => {
    const controller = new AbortController();
    const reason = new Error('the citizen left the page');
    gateway.script(problem(503, 'service_unavailable', 'req-1'), respond(200, created));
    const cases = client({
      sleep: async (_ms, signal) => {
        controller.abort(reason);
        signal?.throwIfAborted();
      },
    });
    await expect(cases.getCase({ params: { caseId } }, { signal: controller.signal })).rejects.toBe(reason);
    expect(gateway.received).toHaveLength(1);
  });

  it('a hanging attempt is cancelled by the caller’s signal, not turned into a timeout', async () => {
    const controller = new AbortController();
    gateway.script(hang);
    const pending = client().getCase({ params: { caseId } }, { signal: controller.signal });
    while (gateway.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const reason = await pending.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('AbortError');
  });
});
