import type { ErrorCode } from '@brygga/contract';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { TraceContext } from '../trace-context/traceparent.ts';

export interface RequestLoggerOptions {
  readonly logger: Logger;
  /** Route patterns logged at `debug` instead of `info`, so probes do not drown the log. */
  readonly quietRoutes?: readonly string[];
}

type RequestLoggerEnv = {
  Variables: {
    requestId: string;
    trace: TraceContext;
    log: Logger;
    problemCode: ErrorCode | undefined;
  };
};

/**
 * Gives each request a child logger (`c.var.log`) bound to its request, trace and span ids, and writes one
 * access line when the response is ready. The line names the matched route pattern (`/cases/:id`), never
 * the raw path or query: those can carry personal data by mistake.
 *
 * @example
 * app.use(requestId(), traceContext(), requestLogger({ logger }));
 */
export function requestLogger(options: RequestLoggerOptions): MiddlewareHandler<RequestLoggerEnv> {
  const quietRoutes = new Set(options.quietRoutes ?? ['/health/live', '/health/ready']);
  return async function requestLogger(c, next) {
    const started = performance.now();
    const trace = c.get('trace') as TraceContext | undefined;
    c.set(
      'log',
      options.logger.child({ requestId: c.get('requestId'), traceId: trace?.traceId, spanId: trace?.spanId }),
    );
    let failed = true;
    try {
      await next();
      failed = false;
    } finally {
      // After next(), routeIndex points at the deepest route that ran: the handler, or the middleware that
      // answered. Either way a registered pattern.
      const route = c.req.routePath;
      const status = failed ? 500 : c.res.status;
      const line = {
        method: c.req.method,
        route,
        status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        errorCode: c.get('problemCode'),
      };
      // A handler may have replaced `log` with a child carrying e-service or operation bindings.
      const log = c.get('log');
      if (status >= 500) log.error(line, 'request completed');
      else if (quietRoutes.has(route)) log.debug(line, 'request completed');
      else log.info(line, 'request completed');
    }
  };
}
