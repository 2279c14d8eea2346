import { type AuditLog, auditRoutes, extractNames, openAuditLog, purposeRegistry } from '../audit/index.ts';
import type { BryggaConfig } from '../config/index.ts';
import type { ContractsRuntime, ContractsRuntimeOptions } from '../contracts/mount.ts';
import { builtInContracts } from '../contracts/registry.ts';
import { readUsage } from '../contracts/usage/store.ts';
import { createApp, createLifecycle, type Logger, type RunningServer, startServer } from '../http/index.ts';
import { identityConfigured, identityContentTypes } from '../identity/content-types.ts';
import type { Identity } from '../identity/index.ts';
import {
  auditObserver,
  contractCallObserver,
  createMetrics,
  metricsMiddleware,
  metricsRoute,
} from '../metrics/index.ts';
import { createOutbox, type OutboxRuntime } from '../outbox/runtime.ts';
import { landingRoutes, type Probe } from '../pages/landing.ts';
import { problemPages } from '../pages/problems.ts';
import { portalRoutes } from '../portal/index.ts';
import { registryRoutes } from '../registry/index.ts';
import { ensureInstance, gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { accessTokenCallers, auditContractCalls } from './contract-wiring.ts';
import { receiptCaller } from './outbox-wiring.ts';
import { storeOptionsFromConfig } from './store-options.ts';

export interface GatewayOptions {
  readonly logger: Logger;
  /** Overrides `server.port` (0 picks a free port, for tests). */
  readonly port?: number;
  /** How the landing page checks linked services; injected in tests. */
  readonly probe?: Probe;
  /** The contract routes' adapters, caller and citizen resolution and clock; by default from the configuration. */
  readonly contracts?: Omit<ContractsRuntimeOptions, 'config' | 'store' | 'logger'>;
}

export interface RunningGateway {
  readonly url: string;
  readonly instanceId: string;
  readonly store: Store;
  /** Every processing of personal data is appended here; `append` rejects (503) when it cannot be logged. */
  readonly audit: AuditLog;
  /** Citizen login, when identity providers and e-services are configured. */
  readonly identity: Identity | undefined;
  readonly server: RunningServer;
  close(reason?: string): Promise<void>;
}

/**
 * Wires a running gateway from a validated configuration: open the store, bring its schema up to date, open the
 * audit log, build the app, listen. The server's shutdown closes the audit log after the last in-flight request
 * (flushing it and signing a final checkpoint), and only then the store.
 */
export async function startGateway(config: BryggaConfig, options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const store = await openStore(storeOptionsFromConfig(config));
  let audit: AuditLog | undefined;
  let contracts: ContractsRuntime | undefined;
  let outbox: OutboxRuntime | undefined;
  try {
    const migrated = await migrate(store, gatewayMigrations);
    const instance = await ensureInstance(store);
    logger.info(
      {
        component: 'storage',
        driver: store.driver,
        schemaVersion: migrated.current,
        migrationsApplied: migrated.applied.length,
      },
      'database ready',
    );
    // Loaded only when configured: the OpenID libraries are the largest part of a start otherwise. Their loading
    // starts now, so this thread compiles them while the audit writer thread boots on another core.
    const citizenModule = identityConfigured(config) ? import('../citizen/index.ts') : undefined;
    const identityModule = identityConfigured(config) ? import('../identity/index.ts') : undefined;
    // Awaited below; if opening the audit log fails first, their outcome must not go unhandled.
    citizenModule?.catch(() => {});
    identityModule?.catch(() => {});
    // The writer thread boots while the rest starts; calls that touch personal data wait for it meanwhile.
    audit = await openAuditLog(store, config, { logger, startInBackground: true });
    const auditLog = audit;
    const metrics = createMetrics();
    // Each business system's circuit breaker, as its adapter reports it: 0 closed, 1 half open, 2 open.
    const breakerStates = new Map<string, string>();
    metrics.registerGauge({
      name: 'brygga_breaker_state',
      help: 'Circuit breaker state per business system: 0 closed, 1 half open, 2 open.',
      labelNames: ['business_system', 'state'],
      read: () =>
        [...breakerStates].map(([system, state]) => ({
          labels: { business_system: system, state },
          value: state === 'open' ? 2 : state === 'halfOpen' ? 1 : 0,
        })),
    });
    // Every append (contract calls, logins, extracts) is timed and its failures counted.
    auditLog.append = auditObserver(metrics, auditLog.append.bind(auditLog));
    const lifecycle = createLifecycle('starting');
    const app = createApp({
      logger,
      lifecycle,
      readiness: [
        { name: 'database', check: () => store.ping() },
        { name: 'audit', check: () => auditLog.writable() },
      ],
      bodyLimitBytes: config.server.bodyLimitBytes,
      publicUrl: config.server.publicUrl,
      acceptedContentTypesByPath: identityConfigured(config) ? identityContentTypes : undefined,
      // First in the chain after the request logger, so refusals (503 draining, 413, 415) are counted too.
      instrumentation: [metricsMiddleware(metrics)],
    });
    app.route('/', metricsRoute(metrics, { token: config.metrics.token }));
    const citizen = await citizenModule;
    const citizenClient = citizen?.citizenClient(config);
    const identity = identityModule
      ? await (await identityModule).createIdentity({
          config,
          store,
          logger,
          audit: auditLog,
          internalEServices: citizenClient === undefined ? [] : [citizenClient.eService],
        })
      : undefined;
    if (identity !== undefined) app.route('/', identity.routes);
    if (identity !== undefined && citizen !== undefined && citizenClient !== undefined) {
      app.route(
        '/',
        citizen.citizenRoutes({
          identity,
          audit: auditLog,
          names: extractNames(config, purposeRegistry(config)),
          client: citizenClient,
          publicUrl: config.server.publicUrl,
          environment: config.environment,
        }),
      );
    }
    app.route('/', problemPages());
    const contractList = (options.contracts?.contracts ?? builtInContracts).map((entry) => entry.contract);
    outbox = createOutbox({
      config,
      store,
      audit: auditLog,
      contracts: contractList,
      logger,
      metrics,
      ...receiptCaller(config, identity, options.contracts?.resolveCaller),
    });
    const outboxRuntime = outbox;
    app.route('/', outbox.routes);
    const { mountContracts } = await import('../contracts/mount.ts');
    contracts = await mountContracts(app, {
      config,
      store,
      logger,
      onProcessed: contractCallObserver(metrics, auditContractCalls(auditLog)),
      adapterServices: { onBreakerStateChange: (system, state) => breakerStates.set(system, state) },
      ...(identity === undefined ? {} : accessTokenCallers(identity)),
      enqueue: outbox.enqueue,
      ...options.contracts,
    });
    const contractsRuntime = contracts;
    outbox.start(contracts.adapters);
    app.route(
      '/',
      auditRoutes({
        audit: auditLog,
        officials: config.audit.officials,
        rateLimit: config.audit.extractsPerOfficial,
        names: extractNames(config, purposeRegistry(config)),
      }),
    );
    app.route(
      '/',
      portalRoutes({
        config,
        contracts: (options.contracts?.contracts ?? builtInContracts).map((entry) => entry.contract),
        usage: (since) => readUsage(store, { since }),
        now: options.contracts?.now ?? Date.now,
      }),
    );
    app.route('/', registryRoutes({ config, contracts: options.contracts?.contracts ?? builtInContracts }));
    app.route('/', landingRoutes({ config, ...(options.probe ? { probe: options.probe } : {}) }));
    const server = await startServer({
      app,
      host: config.server.host,
      port: options.port ?? config.server.port,
      logger,
      lifecycle,
      shutdownGraceMs: config.server.shutdownGraceMs,
      onClose: async () => {
        try {
          try {
            // Deliveries in flight use the adapters and write audit records: stop them first.
            await outboxRuntime.stop();
            await contractsRuntime.close();
          } finally {
            await auditLog.close();
          }
        } finally {
          await store.close();
        }
      },
    });
    return {
      url: server.url,
      instanceId: instance.id,
      store,
      audit: auditLog,
      identity,
      server,
      close: (reason) => server.close(reason),
    };
  } catch (error) {
    await outbox?.stop();
    await contracts?.close();
    await audit?.close();
    await store.close();
    throw error;
  }
}
