import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type TraceContext, traceContext } from './index.ts';
import { parseTraceparent } from './traceparent.ts';

function app(options?: Parameters<typeof traceContext>[0]) {
  const app = new Hono<{ Variables: { trace: TraceContext } }>();
  app.use(traceContext(options));
  app.get('/', (c) => c.json(c.var.trace));
  return app;
}

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';

describe('traceContext', () => {
  it("continues the caller's trace with a new span and echoes it", async () => {
    const res = await app().request('/', { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    const trace = (await res.json()) as TraceContext;
    expect(trace).toMatchObject({ traceId, parentId, sampled: true });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe(parentId);
    expect(res.headers.get('traceparent')).toBe(`00-${traceId}-${trace.spanId}-01`);
  });

  it('starts a new trace when the header is missing or invalid', async () => {
    for (const headers of [{}, { traceparent: `00-${'0'.repeat(32)}-${parentId}-01` }] as Record<
      string,
      string
    >[]) {
      const res = await app().request('/', { headers });
      const trace = (await res.json()) as TraceContext;
      expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(trace.traceId).not.toBe(traceId);
      expect(trace.parentId).toBeUndefined();
      expect(trace.sampled).toBe(false);
      expect(parseTraceparent(res.headers.get('traceparent'))).toEqual({
        traceId: trace.traceId,
        parentId: trace.spanId,
        sampled: false,
      });
    }
  });

  it('samples new traces when configured to', async () => {
    const res = await app({ sampleNewTraces: true }).request('/');
    expect(((await res.json()) as TraceContext).sampled).toBe(true);
  });
});
