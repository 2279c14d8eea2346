import { BryggaError } from '@brygga/contract';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { attachLifecycle, createLifecycle, type Lifecycle } from '../server/lifecycle.ts';
import type { GatewayEnv } from './env.ts';
import { health, type ReadinessCheck } from './health/index.ts';
import { bodyLimit } from './middleware/body-limit/index.ts';
import { contentType } from './middleware/content-type/index.ts';
import { methodNotAllowed } from './middleware/method-not-allowed/index.ts';
import { problemBoundary } from './middleware/problem-boundary/index.ts';
import { requestId } from './middleware/request-id/index.ts';
import { requestLogger } from './middleware/request-logger/index.ts';
import { securityHeaders } from './middleware/security-headers/index.ts';
import { shutdownGuard } from './middleware/shutdown-guard/index.ts';
import { traceContext } from './middleware/trace-context/index.ts';
import { createProblemResponder } from './problems/respond.ts';

export interface CreateAppOptions {
  readonly logger: Logger;
  readonly readiness?: readonly ReadinessCheck[];
  /** Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** The gateway's public URL; decides HSTS. */
  readonly publicUrl?: string;
  /** Shared with `startServer`; default: a lifecycle that is already `ready` (useful in tests). */
  readonly lifecycle?: Lifecycle;
  /** Request body media types; default JSON and JSON merge patch. */
  readonly acceptedContentTypes?: readonly string[];
  /** Other accepted body types under path prefixes, e.g. form posts for the login routes. */
  readonly acceptedContentTypesByPath?: Readonly<Record<string, readonly string[]>>;
  /**
   * Middleware that must see every request and its final status, such as metrics (`metricsMiddleware`): run
   * right after the request logger, so the guard, body-limit and content-type refusals (503, 413, 415) and the
   * health routes pass through it too. Middleware added later with `app.use` runs after that whole chain.
   */
  readonly instrumentation?: readonly MiddlewareHandler<GatewayEnv>[];
}

/**
 * The gateway's Hono app: cross-cutting middleware in a fixed order, health routes, and problem documents for
 * every failure. Later features mount their routes with `app.route('/…', subApp)` (a `Hono<GatewayEnv>`);
 * they get the same 404/405/problem behaviour.
 *
 * Order, outermost first, and why:
 * 1. requestId, traceContext: ids exist before anything can log or fail.
 * 2. requestLogger: sees the final status of everything inside; then `instrumentation` (metrics), likewise.
 * 3. securityHeaders: applied to every response, problems included.
 * 4. problemBoundary: turns non-Error throws into problems (Hono's onError only sees Errors).
 * 5. /health routes: answered even while draining (liveness must stay 200).
 * 6. shutdownGuard: no new work once draining.
 * 7. methodNotAllowed: 404 → 405 when the path exists for other methods.
 * 8. bodyLimit, contentType: refuse bodies before any handler reads them.
 */
export function createApp(options: CreateAppOptions): Hono<GatewayEnv> {
  const lifecycle = options.lifecycle ?? createLifecycle('ready');
  const respond = createProblemResponder({ logger: options.logger });
  const app = new Hono<GatewayEnv>();
  attachLifecycle(app, lifecycle);

  app.use(requestId());
  app.use(traceContext());
  app.use(requestLogger({ logger: options.logger }));
  for (const middleware of options.instrumentation ?? []) app.use(middleware);
  app.use(securityHeaders({ publicUrl: options.publicUrl }));
  app.use(problemBoundary({ respond }));
  app.route('/health', health({ lifecycle, logger: options.logger, readiness: options.readiness ?? [] }));
  app.use(shutdownGuard({ lifecycle }));
  app.use(methodNotAllowed({ app }));
  app.use(bodyLimit({ maxBytes: options.bodyLimitBytes }));
  app.use(
    contentType({
      accepted: options.acceptedContentTypes,
      ...(options.acceptedContentTypesByPath ? { acceptedByPath: options.acceptedContentTypesByPath } : {}),
    }),
  );

  app.notFound((c) => respond(new BryggaError('not_found'), c));
  app.onError((error, c) => respond(error, c));
  return app;
}
