import { randomUUID } from 'node:crypto';
import { adapterFailureCode, type Contract, type RequestValue } from '@brygga/contract';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import { invokeOperation } from '../contracts/invoke.ts';
import type { ProcessedCall } from '../contracts/routes.ts';
import { type AdapterLookup, touchesPersonalData } from '../contracts/routes.ts';
import { randomHexId } from '../http/middleware/trace-context/traceparent.ts';
import type { Store } from '../storage/index.ts';
import { outboxAuditRecord } from './accept.ts';
import { type AttemptOutcome, type NextStep, nextStep, type OutboxState, type RetryBudget } from './plan.ts';
import type { OutboxSealer } from './seal.ts';
import {
  type ClaimedRow,
  claimDue,
  countOpen,
  deleteExpiredReceipts,
  finishAttempt,
  releaseLeases,
} from './sql.ts';

/**
 * A delivery attempt that reached the adapter, shaped as the contract routes report a synchronous call (`onProcessed`)
 * so the same contract-call metrics count it. Carries no citizen.
 */
export type DeliveryCall = ProcessedCall & { readonly durationMs: number; readonly citizen: undefined };

/** A row's sealed fields, opened for one delivery. */
interface Opened {
  readonly request: RequestValue;
  readonly citizen: string | undefined;
}

export interface OutboxWorkerOptions {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly contracts: readonly Contract[];
  readonly adapters: AdapterLookup;
  readonly budget: RetryBudget;
  readonly pollMs: number;
  readonly batchSize: number;
  /** How long a claimed row is this instance's; after that another instance may take it over. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Opens the request and personnummer the acceptor sealed. */
  readonly sealer: OutboxSealer;
  /** Delivered and failed receipts (and their results) are deleted this many days after they became final. */
  readonly keepReceiptsDays: number;
  /** Most expired receipts deleted per statement, so a backlog never holds a long transaction. */
  readonly retentionBatch?: number;
  /** Called with each attempt's result (metrics). */
  readonly onAttempt?: (result: NextStep['state']) => void;
  /** Called for each attempt that reached the adapter (the contract-call metrics). Must not throw. */
  readonly onCall?: (call: DeliveryCall) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

/**
 * Delivers the outbox in the background: every `pollMs` (or at once when woken, or while a full batch came back)
 * it leases due rows, hands each to its adapter with the receipt's idempotency key, and writes what happened.
 * A final answer is written in the audit log's transaction together with its audit record. Instances sharing a
 * database each run one; leases keep them off each other's rows.
 */
export class OutboxWorker {
  readonly #options: OutboxWorkerOptions;
  readonly #owner = `${randomUUID()}`;
  readonly #contracts: Map<string, Contract>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #stopping = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #wakeAgain = false;
  #counts = new Map<OutboxState, number>();
  #nextSweep = 0;

  constructor(options: OutboxWorkerOptions) {
    this.#options = options;
    this.#contracts = new Map(options.contracts.map((contract) => [contract.name, contract]));
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** Rows per open state as of the last poll: read synchronously by the depth gauge. */
  get counts(): ReadonlyMap<OutboxState, number> {
    return this.#counts;
  }

  start(): void {
    this.wake();
  }

  /** Polls now rather than at the next tick (a submission was just accepted here). */
  wake(): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#running) {
      this.#wakeAgain = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#poll().finally(() => {
      this.#running = undefined;
      this.#schedule();
    });
  }

  /** One poll, for tests and for the loop: claims a batch, delivers it, refreshes the counts. Returns how many. */
  async pollOnce(): Promise<number> {
    const { store, batchSize, leaseMs } = this.#options;
    const now = this.#now();
    const claimed = await claimDue(store, {
      owner: this.#owner,
      now,
      leaseUntil: now + leaseMs,
      limit: batchSize,
    });
    await Promise.all(claimed.map((row) => this.#deliver(row)));
    if (now >= this.#nextSweep) {
      // At most once a minute: the deletion is by age, so more often finds nothing new.
      this.#nextSweep = now + 60_000;
      await this.deleteExpired(now);
    }
    this.#counts = await countOpen(store);
    return claimed.length;
  }

  /**
   * Deletes delivered and failed receipts older than `keepReceiptsDays`, batch by batch until none is left.
   * Dead rows are kept: they wait for an operator (`brygga outbox retry` or `discard`). Returns how many went.
   */
  async deleteExpired(now = this.#now()): Promise<number> {
    const { store, keepReceiptsDays, retentionBatch = 500 } = this.#options;
    const before = now - keepReceiptsDays * 86_400_000;
    let deleted = 0;
    for (;;) {
      if (this.#stopping.signal.aborted) return deleted;
      const batch = await deleteExpiredReceipts(store, { before, limit: retentionBatch });
      deleted += batch;
      if (batch < retentionBatch) return deleted;
    }
  }

  /** Stops polling, cancels deliveries in flight (their rows go back to pending) and waits for them. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #poll(): Promise<void> {
    try {
      const claimed = await this.pollOnce();
      // A full batch suggests more are due: go on at once.
      if (claimed === this.#options.batchSize) this.#wakeAgain = true;
    } catch (error) {
      if (!this.#stopping.signal.aborted) {
        this.#options.logger.error(
          { component: 'outbox', err: error },
          'outbox poll failed; retried next poll',
        );
      }
    }
  }

  #schedule(): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#wakeAgain) {
      this.#wakeAgain = false;
      setImmediate(() => this.wake());
      return;
    }
    this.#timer = setTimeout(() => this.wake(), this.#options.pollMs);
    this.#timer.unref();
  }

  async #deliver(row: ClaimedRow): Promise<void> {
    const { logger } = this.#options;
    const log = logger.child({
      component: 'outbox',
      receiptId: row.receiptId,
      eservice: row.eServiceId,
      contract: row.contract,
      operation: row.operation,
      attempt: row.attempts,
    });
    try {
      const opened = this.#open(row);
      if (opened === undefined)
        log.error('the sealed request could not be opened (the key it was sealed with is gone)');
      const outcome: AttemptOutcome | 'cancelled' =
        opened === undefined
          ? { kind: 'broken', code: 'internal_error' }
          : await this.#attemptOnce(row, opened, log);
      if (outcome === 'cancelled') {
        await releaseLeases(this.#options.store, this.#owner, [row.receiptId]);
        return;
      }
      const step = nextStep(row, outcome, this.#options.budget, this.#now(), this.#random());
      const written = await this.#finish(row, step, opened?.citizen);
      if (!written) {
        log.warn('another instance took this delivery over (lease expired); its result counts');
        return;
      }
      this.#options.onAttempt?.(step.state);
      if (step.state === 'pending')
        log.info({ errorCode: step.lastError }, 'delivery failed; retrying later');
      else if (step.state === 'dead') log.warn({ errorCode: step.lastError }, 'delivery dead-lettered');
      else log.info({ state: step.state }, 'delivery finished');
    } catch (error) {
      // The lease runs out and the row is tried again, with the same idempotency key.
      log.error({ err: error }, 'delivery result could not be written; retried after the lease');
    }
  }

  /**
   * One attempt, within the budget. A row leased more often than the budget allows had its earlier results never
   * written (each lease counts an attempt: the gateway crashed, or writing the result failed): it goes dead
   * without calling the business system again. Anything the attempt throws (an answer that no longer translates
   * to the row's version, say) is broken, not transient: trying the same call again will not help, and until now
   * the row would have been leased and sent again after every lease, for ever.
   */
  async #attemptOnce(row: ClaimedRow, opened: Opened, log: Logger): Promise<AttemptOutcome | 'cancelled'> {
    if (row.attempts > this.#options.budget.maxAttempts) {
      log.error('delivery leased past its retry budget without a result written; dead-lettered');
      return { kind: 'broken', code: 'internal_error' };
    }
    try {
      return await this.#attempt(row, opened);
    } catch (error) {
      log.error({ err: error }, 'delivery attempt failed unexpectedly; dead-lettered');
      return { kind: 'broken', code: 'internal_error' };
    }
  }

  /** Undefined when a sealed field does not open (or, never expected, a leased row has no request). */
  #open(row: ClaimedRow): Opened | undefined {
    const { sealer } = this.#options;
    const request = row.request === null ? undefined : sealer.open(row.receiptId, 'request', row.request);
    const citizen = row.citizen === null ? undefined : sealer.open(row.receiptId, 'citizen', row.citizen);
    if (request === undefined || (row.citizen !== null && citizen === undefined)) return undefined;
    return { request: JSON.parse(request) as RequestValue, citizen };
  }

  async #attempt(row: ClaimedRow, opened: Opened): Promise<AttemptOutcome | 'cancelled'> {
    const contract = this.#contracts.get(row.contract);
    const bound = this.#options.adapters(row.businessSystem, row.contract);
    const handler = bound?.adapter.handlers[row.operation];
    const operation = contract?.head.operations.get(row.operation);
    if (!contract || !bound || !handler || !operation) {
      return { kind: 'transient', code: 'service_unavailable' };
    }
    const started = performance.now();
    const invoked = await invokeOperation({
      contract,
      version: row.version,
      operationId: row.operation,
      request: opened.request,
      handler,
      context: {
        requestId: row.requestId,
        // The submission's trace, a new span for each attempt.
        traceparent: `00-${row.traceId}-${randomHexId(8)}-01`,
        eServiceId: row.eServiceId,
        purposeId: row.purpose,
        ...(opened.citizen === undefined ? {} : { citizen: { personalIdentityNumber: opened.citizen } }),
        // Stable per receipt, so a repeated delivery (retry, lease takeover) takes effect once.
        idempotencyKey: row.idempotencyKey ?? row.receiptId,
      },
      timeoutMs: bound.timeoutMs,
      callerSignal: this.#stopping.signal,
    });
    const outcome = attemptOutcome(invoked, row.language);
    if (outcome !== 'cancelled') {
      this.#options.onCall?.({
        eServiceId: row.eServiceId,
        businessSystem: row.businessSystem,
        contract: row.contract,
        version: row.version,
        operationId: row.operation,
        purposeId: row.purpose,
        citizen: undefined,
        touchesPersonalData: touchesPersonalData(operation),
        outcome:
          outcome.kind === 'delivered' ? { status: 'success' } : { status: 'failure', problem: outcome.code },
        requestId: row.requestId,
        traceId: row.traceId,
        durationMs: performance.now() - started,
      });
    }
    return outcome;
  }

  /** A final answer and its audit record commit together; a retry or dead letter is just written. */
  async #finish(row: ClaimedRow, step: NextStep, citizen: string | undefined): Promise<boolean> {
    const { store, audit } = this.#options;
    const now = this.#now();
    const write = {
      receiptId: row.receiptId,
      owner: this.#owner,
      now,
      step,
      result:
        step.state === 'delivered'
          ? this.#options.sealer.seal(row.receiptId, 'result', JSON.stringify(step.result))
          : undefined,
    };
    if (step.state !== 'delivered' && step.state !== 'failed') return finishAttempt(store, write);
    const operation = this.#contracts.get(row.contract)?.head.operations.get(row.operation);
    const audited = citizen !== undefined || (operation !== undefined && touchesPersonalData(operation));
    return audit.transact(async (tx, append) => {
      const written = await finishAttempt(tx, write);
      if (written && audited) {
        await append([
          outboxAuditRecord(
            {
              eServiceId: row.eServiceId,
              businessSystem: row.businessSystem,
              contract: row.contract,
              version: row.version,
              operationId: row.operation,
              purposeId: row.purpose,
              citizen,
              requestId: row.requestId,
              traceId: row.traceId,
              receiptId: row.receiptId,
            },
            step.state === 'delivered'
              ? { status: 'success' }
              : { status: 'failure', problem: step.problemCode },
            'delivered',
          ),
        ]);
      }
      return written;
    });
  }
}

function attemptOutcome(
  outcome: Awaited<ReturnType<typeof invokeOperation>>,
  language: ClaimedRow['language'],
): AttemptOutcome | 'cancelled' {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'delivered', status: outcome.status, body: outcome.body };
    case 'operation_error':
      return { kind: 'refused', code: outcome.code, title: outcome.errorCase.title[language] };
    case 'bad_response':
      return { kind: 'broken', code: 'bad_gateway' };
    // A version change could not translate the answer: retrying will not help until the contract is fixed.
    case 'translation_failed':
      return { kind: 'broken', code: 'internal_error' };
    case 'failed':
      return { kind: 'transient', code: adapterFailureCode(outcome.cause) };
    case 'timeout':
      return { kind: 'transient', code: 'gateway_timeout' };
    case 'cancelled':
      return 'cancelled';
  }
}
