import type { Contract } from '@brygga/contract';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { AuditLog } from '../audit/index.ts';
import type { BryggaConfig } from '../config/index.ts';
import type { AdapterLookup } from '../contracts/routes.ts';
import type { GatewayEnv } from '../http/env.ts';
import { type Metrics, recordContractCall } from '../metrics/index.ts';
import type { Store } from '../storage/index.ts';
import { type Enqueue, outboxAcceptor } from './accept.ts';
import { openStates } from './plan.ts';
import { type ResolveReceiptCaller, receiptRoutes } from './routes.ts';
import { outboxSealer } from './seal.ts';
import { OutboxWorker } from './worker.ts';

/**
 * Added to every lease: a delivery's result is written in the audit log's transaction, behind the writer's
 * batches, and a batch of deliveries is written one after another. Short against the time another instance waits
 * to take over the rows of one that crashed.
 */
const leaseMarginMs = 5_000;

export interface OutboxRuntimeOptions {
  readonly config: BryggaConfig;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly contracts: readonly Contract[];
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  readonly resolveCaller: ResolveReceiptCaller;
  readonly challenge?: string | undefined;
  readonly now?: (() => number) | undefined;
}

export interface OutboxRuntime {
  /** For the contract routes (`enqueue` option). */
  readonly enqueue: Enqueue;
  /** `GET /receipts/{receiptId}`. */
  readonly routes: Hono<GatewayEnv>;
  /** Starts delivering, through the adapters the contract routes use. */
  start(adapters: AdapterLookup): void;
  /** Stops delivering; call before the adapters, the audit log and the store close. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The outbox of one gateway instance: acceptance, the receipts route, the delivery worker, and its metrics
 * (`brygga_outbox_depth{state}` as of the worker's last poll, `brygga_outbox_attempts_total{outcome}`; each
 * attempt that reached the adapter is also counted in `brygga_contract_calls_total`).
 */
export function createOutbox(options: OutboxRuntimeOptions): OutboxRuntime {
  const { config, metrics } = options;
  let worker: OutboxWorker | undefined;
  const attempts = metrics
    ? new Counter({
        name: 'brygga_outbox_attempts_total',
        help: 'Outbox delivery attempts by what followed: delivered, failed (refused), pending (retry), dead.',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      })
    : undefined;
  metrics?.registerGauge({
    name: 'brygga_outbox_depth',
    help: 'Outbox submissions per open state (pending, delivering, dead), as of the last poll.',
    labelNames: ['state'],
    read: () => openStates.map((state) => ({ labels: { state }, value: worker?.counts.get(state) ?? 0 })),
  });
  // A lease must outlast the slowest delivery (invokeOperation cuts each at its system's requestMs), or a second
  // instance would start the same one while the first is still at it.
  const sealer = outboxSealer(config.keys);
  const slowest = Math.max(1_000, ...config.businessSystems.map((system) => system.timeouts.requestMs));
  return {
    enqueue: outboxAcceptor({
      audit: options.audit,
      publicUrl: config.server.publicUrl,
      onAccepted: () => worker?.wake(),
      sealer,
      ...(options.now ? { now: options.now } : {}),
    }),
    routes: receiptRoutes({
      db: options.store,
      sealer,
      resolveCaller: options.resolveCaller,
      challenge: options.challenge,
      keepReceiptsDays: config.outbox.keepReceiptsDays,
      ...(options.now ? { now: options.now } : {}),
    }),
    start(adapters) {
      worker ??= new OutboxWorker({
        store: options.store,
        audit: options.audit,
        contracts: options.contracts,
        adapters,
        budget: config.outbox,
        pollMs: config.outbox.pollMs,
        batchSize: config.outbox.batchSize,
        // Twice the slowest call, plus time to write the result (behind the audit writer's batches), so a lease
        // does not run out while its delivery is still being written and another instance send it again.
        leaseMs: 2 * slowest + leaseMarginMs,
        logger: options.logger,
        sealer,
        keepReceiptsDays: config.outbox.keepReceiptsDays,
        onAttempt: (outcome) => attempts?.inc({ outcome }),
        // Each delivery attempt is a call to the business system, counted as a synchronous one is.
        ...(metrics ? { onCall: (call) => recordContractCall(metrics, call) } : {}),
      });
      worker.start();
    },
    async stop() {
      await worker?.stop();
    },
  };
}
