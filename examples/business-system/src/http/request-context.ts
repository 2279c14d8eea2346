import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Log } from '../log.ts';
import type { AppEnv } from './env.ts';
import { preferredLanguage } from './problem.ts';

/**
 * Gives each request an id and a language, marks every response uncacheable (they carry personal data)
 * and writes one access-log line. The line names the matched route pattern, never the raw path or query:
 * a client that wrongly puts a personal number in a URL must not get it into the log.
 * The id is always our own; an incoming X-Request-Id is not trusted for the same reason.
 */
export function requestContext(log: Log): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const requestId = randomUUID();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('language', preferredLanguage(c.req.header('accept-language')));
    await next();
    c.header('x-request-id', requestId);
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    log('request', {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  };
}
