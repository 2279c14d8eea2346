import { createHash, timingSafeEqual } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import { Hono } from 'hono';
import type { GatewayEnv } from '../http/env.ts';
import type { Metrics } from './registry.ts';

export interface MetricsRouteOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>`; otherwise 401. */
  readonly token?: string | undefined;
  /** Default `/metrics`. */
  readonly path?: string | undefined;
}

const challenge = 'Bearer realm="brygga-metrics"';

/**
 * `GET /metrics` in the Prometheus text format, optionally behind a bearer token. Mount with `app.route('/', …)`.
 *
 * @example
 * app.route('/', metricsRoute(metrics, { token: env.BRYGGA_METRICS_TOKEN }));
 */
export function metricsRoute(metrics: Metrics, options: MetricsRouteOptions = {}): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const expected = options.token === undefined ? undefined : digest(options.token);
  app.get(options.path ?? '/metrics', async function scrape(c) {
    if (expected) {
      const given = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      // Compared as digests of equal length, so the time taken tells nothing about the token.
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw new BryggaError('unauthenticated', { headers: { 'WWW-Authenticate': challenge } });
      }
    }
    return c.body(await metrics.render(), 200, {
      'Content-Type': metrics.contentType,
      'Cache-Control': 'no-store',
    });
  });
  return app;
}

const digest = (text: string) => createHash('sha256').update(text).digest();
