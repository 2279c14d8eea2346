import type { VersionId } from '@brygga/contract';
import {
  type CaseManagement,
  caseManagement,
  exampleContext,
  examples,
} from '@brygga/contract-case-management';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AcceptedForDeliveryError,
  ApiError,
  AuthenticationError,
  BryggaApiError,
  createClient,
  InvalidRequestError,
  NotFoundError,
  SubmissionError,
  TimeoutError,
} from '../src/index.ts';
import { type MockGatewayOptions, mockGateway, scenarioHeader } from '../src/testing/index.ts';
import { application } from './support/fixtures.ts';

/* Submissions with a receipt (`Prefer: respond-async`, `GET /receipts/{id}`) against @brygga/sdk/testing's msw
 * handlers: the e-service's view of the gateway's outbox, with no gateway. */

const gatewayUrl = 'https://brygga.test';
const head = '2026-12-01';
const server = setupServer();
let sleeps: number[] = [];
let sent: Request[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sleeps = [];
  sent = [];
});
afterAll(() => server.close());

function mock(options: Partial<MockGatewayOptions<CaseManagement>> = {}) {
  server.use(
    ...mockGateway({
      contract: caseManagement,
      version: head,
      gatewayUrl,
      examples: examples[head],
      ...options,
    }),
  );
}

function client<const V extends VersionId<CaseManagement> = typeof head>(
  version: V = head as V,
  extra: { sleep?: (ms: number, signal?: AbortSignal) => Promise<void>; accessToken?: string } = {},
) {
  return createClient({
    gatewayUrl,
    contract: caseManagement,
    version,
    accessToken: extra.accessToken ?? 'test-token',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return fetch(request);
    },
    sleep:
      extra.sleep ??
      (async (ms) => {
        sleeps.push(ms);
      }),
    onDeprecation: () => {},
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

describe('client.submit', () => {
  it('sends the call with Prefer: respond-async and an idempotency key, and resolves with the receipt', async () => {
    mock();
    const receipt = await client().submit.createCase({ body: application });
    expect(receipt).toMatchObject({ status: 'accepted', operation: 'createCase' });
    expect(receipt.receiptId).toMatch(/^rcpt_[A-Za-z0-9_-]{22,}$/);
    expect(receipt.statusUrl).toBe(`${gatewayUrl}/receipts/${receipt.receiptId}`);
    expect(Number.isNaN(Date.parse(receipt.acceptedAt))).toBe(false);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${gatewayUrl}/api/case-management/cases`);
    expect(request?.headers.get('prefer')).toBe('respond-async');
    expect(request?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.headers.get('brygga-version')).toBe(head);
  });

  it('gets the same receipt for the same idempotency key', async () => {
    mock();
    const cases = client();
    const first = await cases.submit.createCase({ body: application }, { idempotencyKey: 'form-17' });
    const again = await cases.submit.createCase({ body: application }, { idempotencyKey: 'form-17' });
    const other = await cases.submit.createCase({ body: application }, { idempotencyKey: 'form-18' });
    expect(again.receiptId).toBe(first.receiptId);
    expect(other.receiptId).not.toBe(first.receiptId);
  });

  it('refuses a request the version does not accept at once, with no receipt', async () => {
    mock();
    // Bypassing the types on purpose: `subject` is the oldest version's name for `title`.
    const body = { ...application, subject: 'Garage' } as typeof application;
    const error = await failure(client().submit.createCase({ body }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).errors.map((item) => item.path)).toEqual(['/body/subject']);
    expect(sent.filter((request) => request.method === 'GET')).toEqual([]);
  });

  it('says so when the gateway answers without a receipt (the call may have been carried out)', async () => {
    server.use(
      http.post(`${gatewayUrl}/api/case-management/cases`, () =>
        HttpResponse.json(examples[head]?.createCase?.response.body ?? {}, { status: 201 }),
      ),
    );
    const error = await failure(client().submit.createCase({ body: application }));
    expect(ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unexpected_response', status: 201 });
  });
});

describe('client.receipts.wait', () => {
  it('polls as Retry-After says and resolves with the result at the pinned version', async () => {
    mock({ receiptSteps: ['accepted', 'delivering'] });
    const cases = client();
    const receipt = await cases.submit.createCase({ body: application });
    const created = await cases.receipts.wait(receipt);
    expect(created).toEqual(examples[head]?.createCase?.response.body);
    expect(created.title).toBe(application.title);
    expect(sleeps).toEqual([1000, 1000]);
    const polls = sent.filter((request) => request.method === 'GET');
    expect(polls.map((request) => request.url)).toEqual(
      Array(3).fill(`${gatewayUrl}/receipts/${receipt.receiptId}`),
    );
    expect(polls.every((request) => request.headers.get('authorization') === 'Bearer test-token')).toBe(true);
  });

  it('gives an older version its own shape', async () => {
    const version = '2026-01-15';
    mock({
      version,
      examples: examples[version],
      citizen: exampleContext.citizen,
      now: () => Date.parse('2026-02-01T00:00:00Z'),
    });
    const cases = client(version);
    const body = examples[version]?.createCase?.request.body as Parameters<
      typeof cases.submit.createCase
    >[0]['body'];
    const created = await cases.receipts.wait(await cases.submit.createCase({ body }));
    expect(created.subject).toBe(application.title);
    expect(created.applicant.name).toBe('Tolvan Tolvansson');
  });

  it('rejects with a SubmissionError carrying the operation’s code when the business system refused it', async () => {
    mock();
    const cases = client();
    const receipt = await cases.submit.createCase(
      { body: application },
      { headers: { [scenarioHeader]: 'property_not_found' } },
    );
    const error = await failure(cases.receipts.wait(receipt));
    expect(SubmissionError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'property_not_found',
      title: 'Fastigheten finns inte.',
      receipt: { receiptId: receipt.receiptId, status: 'failed', operation: 'createCase' },
    });
    expect(BryggaApiError.is(error) && error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects with a SubmissionError when the gateway gave up delivering it', async () => {
    mock({ scenarios: { createCase: 'dead' } });
    const cases = client();
    const error = await failure(cases.receipts.wait(await cases.submit.createCase({ body: application })));
    expect(error).toBeInstanceOf(SubmissionError);
    expect(error).toMatchObject({ code: 'service_unavailable', receipt: { status: 'dead' } });
  });

  it('stops with a TimeoutError when the next poll would come after the deadline', async () => {
    mock({ receiptSteps: ['accepted'] });
    const cases = client();
    const receipt = await cases.submit.createCase({ body: application });
    const error = await failure(cases.receipts.wait(receipt, { timeoutMs: 500 }));
    expect(TimeoutError.is(error)).toBe(true);
    expect((error as TimeoutError).title).toContain('still accepted');
    expect(sleeps).toEqual([]);
    // Not final yet, but still on its way: a later wait sees it delivered.
    await expect(cases.receipts.wait(receipt, { timeoutMs: 60_000 })).resolves.toHaveProperty('caseId');
  });

  it('stops when the signal aborts, between polls too', async () => {
    mock({ receiptSteps: ['accepted', 'accepted'] });
    const controller = new AbortController();
    const reason = new Error('the citizen left');
    const cases = client(head, {
      sleep: async (_ms, signal) => {
        controller.abort(reason);
        signal?.throwIfAborted();
      },
    });
    const receipt = await cases.submit.createCase({ body: application });
    await expect(cases.receipts.wait(receipt, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('refuses to type a receipt of another operation or version', async () => {
    mock();
    const cases = client();
    const receipt = await cases.submit.createCase({ body: application });
    const mislabelled = { ...receipt, operation: 'updateCase' as 'createCase' };
    await expect(cases.receipts.wait(mislabelled)).rejects.toThrow(TypeError);
    // A bare id is not typed, so it is not checked either.
    await expect(cases.receipts.wait(receipt.receiptId)).resolves.toHaveProperty('caseId');
  });
});

describe('client.receipts.wait, bounded', () => {
  const receiptId = 'rcpt_boundedWaitBoundedWait00';
  const base = {
    receiptId,
    contract: 'case-management',
    version: head,
    operation: 'createCase',
    attempts: 0,
    acceptedAt: '2026-11-28T10:00:00.000Z',
    updatedAt: '2026-11-28T10:00:00.000Z',
  };
  /** A receipt endpoint answering `answers` in turn (the last one for good); counts the polls. */
  function receiptEndpoint(
    answers: readonly Record<string, unknown>[],
    headers: Record<string, string> = {},
  ) {
    const polls = { count: 0 };
    server.use(
      http.get(`${gatewayUrl}/receipts/:id`, () => {
        polls.count += 1;
        // A guard, so a wait that never ends fails the test instead of hanging it.
        if (polls.count > 200) return HttpResponse.json({ code: 'gone' }, { status: 400 });
        const body = answers[Math.min(polls.count, answers.length) - 1];
        return HttpResponse.json(body, { headers });
      }),
    );
    return polls;
  }
  // The clock moves only when the wait sleeps: deterministic, no real time passes.
  function movingClock() {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-28T10:00:00Z') });
    return async (ms: number) => {
      sleeps.push(ms);
      vi.setSystemTime(Date.now() + ms);
    };
  }
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps at most a minute between polls, whatever Retry-After says', async () => {
    receiptEndpoint(
      [
        { ...base, status: 'accepted' },
        { ...base, status: 'delivering' },
        { ...base, status: 'delivered', result: { status: 201, body: { caseId: 'BN-1' } } },
      ],
      { 'retry-after': '3600' },
    );
    const cases = client(head, { sleep: movingClock() });
    await expect(cases.receipts.wait(receiptId)).resolves.toEqual({ caseId: 'BN-1' });
    expect(sleeps).toEqual([60_000, 60_000]);
  });

  it('gives up after 15 minutes by default', async () => {
    const polls = receiptEndpoint([{ ...base, status: 'accepted' }], { 'retry-after': '3600' });
    const cases = client(head, { sleep: movingClock() });
    const error = await failure(cases.receipts.wait(receiptId));
    expect(TimeoutError.is(error)).toBe(true);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(15 * 60_000);
    expect(polls.count).toBe(16);
  });

  it('looks once with timeoutMs 0, and refuses a timeout it cannot use', async () => {
    const polls = receiptEndpoint([{ ...base, status: 'accepted' }], { 'retry-after': '1' });
    const cases = client(head, { sleep: movingClock() });
    expect(TimeoutError.is(await failure(cases.receipts.wait(receiptId, { timeoutMs: 0 })))).toBe(true);
    expect(polls.count).toBe(1);
    await expect(cases.receipts.wait(receiptId, { timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('rejects a delivered receipt without a result with result_unavailable, not undefined', async () => {
    receiptEndpoint([{ ...base, status: 'delivered' }]);
    const error = await failure(client().receipts.wait(receiptId));
    expect(ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'result_unavailable', status: 200 });
  });

  it('rejects a status it does not know with invalid_response instead of polling it forever', async () => {
    const polls = receiptEndpoint([{ ...base, status: 'queued' }]);
    const error = await failure(client().receipts.wait(receiptId));
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(polls.count).toBe(1);
    expect(await failure(client().receipts.get(receiptId))).toMatchObject({ code: 'invalid_response' });
  });
});

describe('client.receipts.get', () => {
  it('reads where a submission stands, with the gateway’s fields', async () => {
    mock({ receiptSteps: ['delivering'] });
    const cases = client();
    const { receiptId } = await cases.submit.createCase({ body: application });
    expect(await cases.receipts.get(receiptId)).toMatchObject({
      receiptId,
      status: 'delivering',
      contract: 'case-management',
      version: head,
      operation: 'createCase',
      attempts: 1,
    });
    const delivered = await cases.receipts.get(receiptId);
    expect(delivered).toMatchObject({ status: 'delivered', result: { status: 201 } });
    expect(delivered.deliveredAt).toBeDefined();
  });

  it('answers not_found for an unknown receipt and 401 without a token', async () => {
    mock();
    expect(await failure(client().receipts.get('rcpt_unknownunknownunknown00'))).toBeInstanceOf(
      NotFoundError,
    );
    const error = await failure(client(head, { accessToken: '' }).receipts.get('rcpt_x'));
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('percent-encodes the id, so it stays one path segment', async () => {
    mock();
    await failure(client().receipts.get('../api/case-management/cases'));
    expect(sent[0]?.url).toBe(`${gatewayUrl}/receipts/..%2Fapi%2Fcase-management%2Fcases`);
  });
});

describe('a plain call answered with a receipt', () => {
  it('rejects with AcceptedForDeliveryError carrying the receipt, which is not retried and can be waited for', async () => {
    server.use(
      http.post(`${gatewayUrl}/api/case-management/cases`, () =>
        HttpResponse.json(
          {
            receiptId: 'rcpt_plainCallAcceptedForLater0',
            status: 'accepted',
            statusUrl: `${gatewayUrl}/receipts/rcpt_plainCallAcceptedForLater0`,
            acceptedAt: '2026-11-28T10:00:00.000Z',
          },
          { status: 202, headers: { 'preference-applied': 'respond-async' } },
        ),
      ),
    );
    let calls = 0;
    server.events.on('request:start', () => {
      calls += 1;
    });
    const error = await client()
      .createCase({ body: application })
      .catch((caught: unknown) => caught);
    server.events.removeAllListeners();
    expect(error).toBeInstanceOf(AcceptedForDeliveryError);
    expect(AcceptedForDeliveryError.is(error)).toBe(true);
    const accepted = error as AcceptedForDeliveryError;
    expect(accepted.code).toBe('accepted_for_delivery');
    expect(accepted.receipt).toMatchObject({
      receiptId: 'rcpt_plainCallAcceptedForLater0',
      operation: 'createCase',
    });
    expect(calls).toBe(1);
  });
});
