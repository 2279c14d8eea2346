import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isReceiptId,
  newReceiptId,
  nextStep,
  prefersRespondAsync,
  type ReceiptRow,
  receiptBody,
  receiptStatus,
  retryAfterSeconds,
  wantsOutbox,
} from './plan.ts';

const budget = { maxAttempts: 3, maxAgeSeconds: 60, backoff: { initialMs: 100, maxMs: 1_000 } };

describe('backoffDelay', () => {
  it('doubles the ceiling per failed attempt, up to the cap, and jitters below it', () => {
    const policy = budget.backoff;
    expect([1, 2, 3, 4, 5, 20].map((attempt) => backoffDelay(attempt, policy, 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(4, policy, 0)).toBe(0);
    expect(backoffDelay(3, policy, 0.5)).toBe(200);
  });

  it('does not overflow for huge attempt counts', () => {
    expect(backoffDelay(10_000, budget.backoff, 0.5)).toBe(500);
  });
});

describe('nextStep', () => {
  const row = { attempts: 1, budgetFrom: 0 };
  it('delivers, fails for good on a declared refusal, and dead-letters a broken answer at once', () => {
    expect(nextStep(row, { kind: 'delivered', status: 201, body: { a: 1 } }, budget, 10, 0.5)).toEqual({
      state: 'delivered',
      result: { status: 201, body: { a: 1 } },
    });
    expect(
      nextStep(row, { kind: 'refused', code: 'duplicate_submission', title: 'Dup' }, budget, 10, 0.5),
    ).toEqual({ state: 'failed', problemCode: 'duplicate_submission', problemTitle: 'Dup' });
    expect(nextStep(row, { kind: 'broken', code: 'bad_gateway' }, budget, 10, 0.5)).toEqual({
      state: 'dead',
      lastError: 'bad_gateway',
    });
  });

  it('retries a transient failure after the backoff, until the attempts are spent', () => {
    const transient = { kind: 'transient', code: 'gateway_timeout' } as const;
    expect(nextStep({ attempts: 2, budgetFrom: 0 }, transient, budget, 1_000, 0.5)).toEqual({
      state: 'pending',
      nextAttemptAt: 1_100,
      lastError: 'gateway_timeout',
    });
    expect(nextStep({ attempts: 3, budgetFrom: 0 }, transient, budget, 1_000, 0.5)).toEqual({
      state: 'dead',
      lastError: 'gateway_timeout',
    });
  });

  it('dead-letters when the next attempt would start after the age limit', () => {
    const transient = { kind: 'transient', code: 'service_unavailable' } as const;
    expect(nextStep({ attempts: 1, budgetFrom: 0 }, transient, budget, 59_990, 0.5).state).toBe('dead');
    expect(nextStep({ attempts: 1, budgetFrom: 10_000 }, transient, budget, 59_990, 0.5).state).toBe(
      'pending',
    );
  });
});

const base: ReceiptRow = {
  receiptId: 'rcpt_AAAAAAAAAAAAAAAAAAAAAAAA',
  contract: 'case-management',
  version: '2026-01-15',
  operation: 'createCase',
  state: 'pending',
  attempts: 0,
  nextAttemptAt: Date.parse('2026-11-25T12:00:01Z'),
  lastError: null,
  result: null,
  problemCode: null,
  problemTitle: null,
  language: 'en',
  createdAt: Date.parse('2026-11-25T12:00:00Z'),
  budgetFrom: Date.parse('2026-11-25T12:00:00Z'),
  updatedAt: Date.parse('2026-11-25T12:00:00Z'),
  deliveredAt: null,
};

describe('receipts', () => {
  it('reads pending as accepted before the first attempt and delivering after', () => {
    expect(receiptStatus(base)).toBe('accepted');
    expect(receiptStatus({ ...base, attempts: 2 })).toBe('delivering');
    expect(receiptStatus({ ...base, state: 'dead' })).toBe('dead');
    // Sent again by an operator: attempts start from 0, but it is not back to accepted.
    expect(receiptStatus({ ...base, budgetFrom: base.createdAt })).toBe('accepted');
    expect(receiptStatus({ ...base, budgetFrom: base.createdAt + 60_000 })).toBe('delivering');
  });

  it('serialises a pending receipt with its next attempt and nothing else', () => {
    expect(receiptBody(base)).toEqual({
      receiptId: base.receiptId,
      status: 'accepted',
      contract: 'case-management',
      version: '2026-01-15',
      operation: 'createCase',
      attempts: 0,
      acceptedAt: '2026-11-25T12:00:00.000Z',
      updatedAt: '2026-11-25T12:00:00.000Z',
      nextAttemptAt: '2026-11-25T12:00:01.000Z',
    });
  });

  it('carries the result when delivered, the refusal when failed, the last error when dead', () => {
    const delivered = receiptBody({
      ...base,
      state: 'delivered',
      attempts: 1,
      result: JSON.stringify({ status: 201, body: { caseId: 'BN-1' } }),
      deliveredAt: Date.parse('2026-11-25T12:00:02Z'),
    });
    expect(delivered).toMatchObject({
      status: 'delivered',
      deliveredAt: '2026-11-25T12:00:02.000Z',
      result: { status: 201, body: { caseId: 'BN-1' } },
    });
    expect(delivered).not.toHaveProperty('nextAttemptAt');
    expect(
      receiptBody({ ...base, state: 'failed', problemCode: 'duplicate_submission', problemTitle: 'Already.' })
        .problem,
    ).toEqual({ code: 'duplicate_submission', title: 'Already.' });
    expect(receiptBody({ ...base, state: 'dead', lastError: 'gateway_timeout' }).problem).toEqual({
      code: 'gateway_timeout',
      title: 'The business system did not answer in time. Please try again later.',
    });
    expect(
      receiptBody({ ...base, state: 'dead', language: 'sv', lastError: 'no-such-code' }).problem?.code,
    ).toBe('service_unavailable');
  });

  it('hints when to poll while the receipt is open', () => {
    const now = base.createdAt;
    expect(retryAfterSeconds(base, now)).toBe(1);
    expect(retryAfterSeconds({ ...base, nextAttemptAt: now + 30_500 }, now)).toBe(31);
    expect(retryAfterSeconds({ ...base, state: 'delivering' }, now)).toBe(1);
    expect(retryAfterSeconds({ ...base, state: 'delivered' }, now)).toBeUndefined();
  });

  it('makes unguessable ids of the documented shape', () => {
    const ids = new Set(Array.from({ length: 100 }, newReceiptId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isReceiptId(id)).toBe(true);
    expect(isReceiptId('rcpt_short')).toBe(false);
    expect(isReceiptId('../etc/passwd')).toBe(false);
  });
});

describe('eligibility', () => {
  it('reads Prefer: respond-async among other preferences', () => {
    expect(prefersRespondAsync('respond-async')).toBe(true);
    expect(prefersRespondAsync('return=minimal, Respond-Async; x=1')).toBe(true);
    expect(prefersRespondAsync('wait=10, handling=lenient')).toBe(false);
    expect(prefersRespondAsync('respond-asynchronously')).toBe(false);
    expect(prefersRespondAsync(undefined)).toBe(false);
  });

  it('queues writes only, when asked or configured', () => {
    expect(wantsOutbox('POST', 'respond-async', 'direct')).toBe(true);
    expect(wantsOutbox('DELETE', undefined, 'outbox')).toBe(true);
    expect(wantsOutbox('GET', 'respond-async', 'outbox')).toBe(false);
    expect(wantsOutbox('POST', undefined, 'direct')).toBe(false);
    expect(wantsOutbox('PATCH', undefined, undefined)).toBe(false);
  });
});
