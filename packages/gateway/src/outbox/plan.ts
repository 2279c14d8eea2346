// The outbox's decisions, free of I/O: what a delivery attempt's outcome does to a row, how long to wait before
// the next attempt, and how a row reads as a receipt. The SQL and the worker (sql.ts, worker.ts) carry them out.
import { randomBytes } from 'node:crypto';
import { type ErrorCode, errorCatalogue, type Language } from '@brygga/contract';

/**
 * A row's state in the table. `pending`: waiting for its next attempt; `delivering`: leased by an instance that is
 * delivering it now; `delivered`/`failed`: final; `dead`: the retry budget is spent, waiting for an operator
 * (`brygga outbox retry`).
 */
export const outboxStates = ['pending', 'delivering', 'delivered', 'failed', 'dead'] as const;
export type OutboxState = (typeof outboxStates)[number];

/** The states the depth gauge counts: rows still owed a delivery or an operator's decision. */
export const openStates = ['pending', 'delivering', 'dead'] as const satisfies readonly OutboxState[];

/** What an e-service reads: `accepted` until the first attempt starts. */
export type ReceiptStatus = 'accepted' | 'delivering' | 'delivered' | 'failed' | 'dead';

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface RetryBudget {
  readonly maxAttempts: number;
  readonly maxAgeSeconds: number;
  readonly backoff: BackoffPolicy;
}

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed ones: "full jitter" (a uniform random wait up to
 * `initialMs × 2^(attempt−1)`, capped at `maxMs`), so instances retrying after the same outage spread out instead
 * of arriving together. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.floor(random * ceiling);
}

/** How one delivery attempt ended, as far as the outbox cares. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number; readonly body: unknown }
  /** The business system refused with a declared operation error: a permanent answer, never retried. */
  | { readonly kind: 'refused'; readonly code: string; readonly title: string }
  /** Timeouts, connection errors, 5xx, an open breaker, no adapter: may pass, so retried within the budget. */
  | { readonly kind: 'transient'; readonly code: ErrorCode }
  /** The adapter answered outside the contract: retrying the same request will not help until someone fixes it. */
  | { readonly kind: 'broken'; readonly code: ErrorCode };

/** What to write to the row after an attempt. */
export type NextStep =
  | { readonly state: 'delivered'; readonly result: { readonly status: number; readonly body: unknown } }
  | { readonly state: 'failed'; readonly problemCode: string; readonly problemTitle: string }
  | { readonly state: 'pending'; readonly nextAttemptAt: number; readonly lastError: ErrorCode }
  | { readonly state: 'dead'; readonly lastError: ErrorCode };

/**
 * The state after an attempt. `attempts` counts this one (it is counted when the row is leased, so an instance that
 * crashes mid-delivery uses up an attempt too); the age is measured from `budgetFrom` (acceptance, or the last
 * operator retry). A retry that would start after the age limit is not scheduled: the row goes dead now.
 */
export function nextStep(
  row: { readonly attempts: number; readonly budgetFrom: number },
  outcome: AttemptOutcome,
  budget: RetryBudget,
  now: number,
  random: number,
): NextStep {
  switch (outcome.kind) {
    case 'delivered':
      return { state: 'delivered', result: { status: outcome.status, body: outcome.body } };
    case 'refused':
      return { state: 'failed', problemCode: outcome.code, problemTitle: outcome.title };
    case 'broken':
      return { state: 'dead', lastError: outcome.code };
    case 'transient': {
      const nextAttemptAt = now + backoffDelay(row.attempts, budget.backoff, random);
      const spent =
        row.attempts >= budget.maxAttempts || nextAttemptAt >= row.budgetFrom + budget.maxAgeSeconds * 1000;
      return spent
        ? { state: 'dead', lastError: outcome.code }
        : { state: 'pending', nextAttemptAt, lastError: outcome.code };
    }
  }
}

/** The fields of a row a receipt is made from: no request, no citizen. */
export interface ReceiptRow {
  readonly receiptId: string;
  readonly contract: string;
  readonly version: string;
  readonly operation: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly result: string | null;
  readonly problemCode: string | null;
  readonly problemTitle: string | null;
  readonly language: Language;
  readonly createdAt: number;
  /** When the retry budget's age started: acceptance, or the operator's last `brygga outbox retry`. */
  readonly budgetFrom: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

export interface ReceiptBody {
  readonly receiptId: string;
  readonly status: ReceiptStatus;
  readonly contract: string;
  readonly version: string;
  readonly operation: string;
  readonly attempts: number;
  readonly acceptedAt: string;
  readonly updatedAt: string;
  readonly nextAttemptAt?: string;
  readonly deliveredAt?: string;
  readonly result?: { readonly status: number; readonly body: unknown };
  readonly problem?: { readonly code: string; readonly title: string };
}

/**
 * `pending` reads as accepted before the first attempt and as delivering after, between retries: it is on its way
 * either way. A row an operator sent again (`brygga outbox retry`: its attempts start again from 0, its budget
 * from then) reads as delivering, so the e-service never sees a receipt go back to accepted.
 */
export function receiptStatus(
  row: Pick<ReceiptRow, 'state' | 'attempts' | 'createdAt' | 'budgetFrom'>,
): ReceiptStatus {
  if (row.state !== 'pending') return row.state;
  const revived = row.budgetFrom > row.createdAt;
  return row.attempts === 0 && !revived ? 'accepted' : 'delivering';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The body of `GET /receipts/{id}`. The dead-letter problem is the last error's stable code and title. */
export function receiptBody(row: ReceiptRow): ReceiptBody {
  const status = receiptStatus(row);
  const problem =
    row.state === 'failed' && row.problemCode !== null
      ? { code: row.problemCode, title: row.problemTitle ?? '' }
      : row.state === 'dead'
        ? catalogueProblem(row.lastError ?? 'service_unavailable', row.language)
        : undefined;
  return {
    receiptId: row.receiptId,
    status,
    contract: row.contract,
    version: row.version,
    operation: row.operation,
    attempts: row.attempts,
    acceptedAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    ...(row.state === 'pending' ? { nextAttemptAt: iso(row.nextAttemptAt) } : {}),
    ...(row.deliveredAt === null ? {} : { deliveredAt: iso(row.deliveredAt) }),
    ...(row.state === 'delivered' && row.result !== null
      ? { result: JSON.parse(row.result) as { status: number; body: unknown } }
      : {}),
    ...(problem ? { problem } : {}),
  };
}

function catalogueProblem(code: string, language: Language): { code: string; title: string } {
  const known = Object.hasOwn(errorCatalogue, code) ? (code as ErrorCode) : 'service_unavailable';
  return { code: known, title: errorCatalogue[known].title[language] };
}

/** Whole seconds until it is worth polling again; undefined once the receipt is final or dead. */
export function retryAfterSeconds(
  row: Pick<ReceiptRow, 'state' | 'nextAttemptAt'>,
  now: number,
): number | undefined {
  if (row.state === 'delivering') return 1;
  if (row.state !== 'pending') return undefined;
  return Math.min(3600, Math.max(1, Math.ceil((row.nextAttemptAt - now) / 1000)));
}

const receiptIdPattern = /^rcpt_[A-Za-z0-9_-]{22,64}$/;

/** `rcpt_` and 24 base64url characters of randomness (144 bits): unguessable, and about no one. */
export function newReceiptId(): string {
  return `rcpt_${randomBytes(18).toString('base64url')}`;
}

export function isReceiptId(value: string): boolean {
  return receiptIdPattern.test(value);
}

/**
 * Whether a call asks for asynchronous processing: RFC 7240 `Prefer: respond-async`, among other preferences
 * (comma separated, case-insensitive names, optional parameters after `;`).
 */
export function prefersRespondAsync(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((preference) => {
    const name = preference.split(';')[0]?.split('=')[0]?.trim().toLowerCase();
    return name === 'respond-async';
  });
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A write goes to the outbox when the call prefers it or the e-service's pin says `delivery: outbox`. */
export function wantsOutbox(
  method: string,
  prefer: string | undefined,
  delivery: string | undefined,
): boolean {
  return mutatingMethods.has(method.toUpperCase()) && (delivery === 'outbox' || prefersRespondAsync(prefer));
}
