import type { MiddlewareHandler } from 'hono';
import { containsPlausiblePersonnummer } from '../../../log/scrub.ts';
import { setResponseHeader } from '../response-header/index.ts';
import { formatTraceparent, parseTraceparent, randomHexId, type TraceContext } from './traceparent.ts';

export type { TraceContext } from './traceparent.ts';

export interface TraceContextOptions {
  /** The sampled flag of traces this gateway starts. Default `false`: nothing records traces yet. */
  readonly sampleNewTraces?: boolean;
}

/**
 * Continues the caller's W3C trace (same trace id, new span id, the caller's span as parent) or starts a new
 * one; puts it on the context as `trace` and answers with our `traceparent`.
 *
 * @example
 * app.use(traceContext());
 * app.get('/x', (c) => c.text(c.var.trace.traceId));
 */
export function traceContext(options: TraceContextOptions = {}): MiddlewareHandler<{
  Variables: { trace: TraceContext };
}> {
  const sampleNewTraces = options.sampleNewTraces ?? false;
  return async function traceContext(c, next) {
    const parsed = parseTraceparent(c.req.header('traceparent'));
    // An id whose digits read as a personnummer would be echoed, logged and passed on: start a new trace instead.
    // Correlation with that one caller is lost; personal data never spreads.
    const incoming =
      parsed &&
      (containsPlausiblePersonnummer(parsed.traceId) || containsPlausiblePersonnummer(parsed.parentId))
        ? undefined
        : parsed;
    const trace: TraceContext = {
      traceId: incoming?.traceId ?? randomHexId(16),
      spanId: randomHexId(8),
      parentId: incoming?.parentId,
      sampled: incoming?.sampled ?? sampleNewTraces,
    };
    c.set('trace', trace);
    await next();
    setResponseHeader(c, 'traceparent', formatTraceparent(trace));
  };
}
