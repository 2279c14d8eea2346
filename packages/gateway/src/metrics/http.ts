import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { methodLabel, otherLabel, routeLabel, statusClass } from './labels.ts';
import type { Metrics } from './registry.ts';

/**
 * Counts and times every HTTP request by method, route PATTERN (`/contracts/:contract/*`, read after the handlers
 * ran, never the raw path, which can hold ids or a personnummer) and status class. A request no route matched is
 * labelled `other`. Register it first, so its time covers the whole stack.
 *
 * @example
 * app.use(metricsMiddleware(metrics));
 */
export function metricsMiddleware(metrics: Metrics): MiddlewareHandler {
  return async function recordHttpMetrics(c, next) {
    const started = performance.now();
    const own = routePath(c);
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const matched = routePath(c);
      const labels = {
        method: methodLabel(c.req.method),
        // Still our own pattern after next(): no handler below us took the request.
        route: matched === own ? otherLabel : routeLabel(matched),
        status_class: statusClass(status),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
