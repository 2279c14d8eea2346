import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createLifecycle, type Lifecycle, lifecycleOf } from './lifecycle.ts';

export interface StartServerOptions {
  /** A Hono app (usually from `createApp`). */
  readonly app: {
    fetch: (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;
  };
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** `0` picks a free port (tests). */
  readonly port: number;
  readonly logger: Logger;
  /** How long in-flight requests may take to finish once shutdown starts. Default 10 000 ms. */
  readonly shutdownGraceMs?: number;
  /** Runs once every connection is closed, before `close()` resolves: close the store here. */
  readonly onClose?: () => unknown;
  /** Default: the app's own (from `createApp`), so health and the shutdown guard see the drain. */
  readonly lifecycle?: Lifecycle;
}

export interface RunningServer {
  /** Where the server listens, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly lifecycle: Lifecycle;
  /** The underlying node:http server, for what this module does not cover (upgrades, socket options). */
  readonly nodeServer: Server;
  /**
   * Drains and stops: readiness turns 503, no new connections, in-flight requests finish (until the grace
   * period ends, then their sockets are destroyed), then `onClose`. Rejects with a ShutdownError when the
   * grace period ran out or `onClose` failed. Calling it again returns the same promise.
   */
  close(reason?: string): Promise<void>;
}

export type ShutdownFailure = 'grace_period_exceeded' | 'on_close_failed';

export class ShutdownError extends Error {
  readonly reason: ShutdownFailure;
  constructor(reason: ShutdownFailure, options?: { cause?: unknown }) {
    super(
      reason === 'grace_period_exceeded'
        ? 'Requests still running when the grace period ended'
        : 'onClose failed',
      options,
    );
    this.name = 'ShutdownError';
    this.reason = reason;
  }
}

export const defaultShutdownGraceMs = 10_000;

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts the app on @hono/node-server and resolves once it listens (rejects if it cannot, e.g. the port is
 * taken). Marks the lifecycle ready.
 *
 * @example
 * const server = await startServer({ app, port: 8080, logger, onClose: () => store.close() });
 * installShutdownHandlers(server, { logger });
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.logger.child({ component: 'server' });
  const lifecycle = options.lifecycle ?? lifecycleOf(options.app) ?? createLifecycle();
  const graceMs = options.shutdownGraceMs ?? defaultShutdownGraceMs;
  const server = serve({
    fetch: options.app.fetch,
    hostname: options.host ?? '127.0.0.1',
    port: options.port,
  }) as Server;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
  });

  let inflight = 0;
  server.on('request', (_request, response) => {
    inflight += 1;
    response.once('close', () => {
      inflight -= 1;
      // A kept-alive socket that just went idle would otherwise linger until keepAliveTimeout.
      if (!lifecycle.acceptsRequests) setImmediate(() => server.closeIdleConnections());
    });
  });

  const address = server.address() as AddressInfo;
  const url = urlOf(address);
  lifecycle.markReady();
  log.info({ address: url }, 'listening');

  let closing: Promise<void> | undefined;
  async function drain(reason: string): Promise<void> {
    lifecycle.beginDraining();
    // http.Server#close stops accepting connections and closes idle kept-alive ones; busy ones end after
    // their response (the shutdown guard marks it `Connection: close`).
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    log.info({ reason, inflight, graceMs }, 'draining: no longer accepting connections');
    let graceExceeded = false;
    const timer = setTimeout(() => {
      graceExceeded = true;
      log.warn({ inflight }, 'grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    let failure: unknown;
    let failed = false;
    try {
      await options.onClose?.();
    } catch (error) {
      failed = true;
      failure = error;
      log.error({ err: error }, 'onClose failed');
    }
    lifecycle.markStopped();
    if (graceExceeded) throw new ShutdownError('grace_period_exceeded');
    if (failed) throw new ShutdownError('on_close_failed', { cause: failure });
    log.info('stopped');
  }

  return {
    url,
    port: address.port,
    lifecycle,
    nodeServer: server,
    close(reason = 'requested') {
      closing ??= drain(reason);
      return closing;
    },
  };
}
