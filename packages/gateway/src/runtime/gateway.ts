import type { BryggaConfig } from '../config/index.ts';
import { createApp, createLifecycle, type Logger, type RunningServer, startServer } from '../http/index.ts';
import { landingRoutes, type Probe } from '../pages/landing.ts';
import { problemPages } from '../pages/problems.ts';
import { ensureInstance, gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { storeOptionsFromConfig } from './store-options.ts';

export interface GatewayOptions {
  readonly logger: Logger;
  /** Overrides `server.port` (0 picks a free port, for tests). */
  readonly port?: number;
  /** How the landing page checks linked services; injected in tests. */
  readonly probe?: Probe;
}

export interface RunningGateway {
  readonly url: string;
  readonly instanceId: string;
  readonly store: Store;
  readonly server: RunningServer;
  close(reason?: string): Promise<void>;
}

/**
 * Wires a running gateway from a validated configuration: open the store, bring its schema up to date, build the
 * app, listen. The store is closed by the server's shutdown, after the last in-flight request.
 */
export async function startGateway(config: BryggaConfig, options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const store = await openStore(storeOptionsFromConfig(config));
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
    const lifecycle = createLifecycle('starting');
    const app = createApp({
      logger,
      lifecycle,
      readiness: [{ name: 'database', check: () => store.ping() }],
      bodyLimitBytes: config.server.bodyLimitBytes,
      publicUrl: config.server.publicUrl,
    });
    app.route('/', problemPages());
    app.route('/', landingRoutes({ config, ...(options.probe ? { probe: options.probe } : {}) }));
    const server = await startServer({
      app,
      host: config.server.host,
      port: options.port ?? config.server.port,
      logger,
      lifecycle,
      shutdownGraceMs: config.server.shutdownGraceMs,
      onClose: () => store.close(),
    });
    return {
      url: server.url,
      instanceId: instance.id,
      store,
      server,
      close: (reason) => server.close(reason),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
