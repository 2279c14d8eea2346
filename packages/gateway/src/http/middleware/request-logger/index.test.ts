import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../../test/fixtures/capture-logs.ts';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { requestId } from '../request-id/index.ts';
import { traceContext } from '../trace-context/index.ts';
import { requestLogger } from './index.ts';

function setup() {
  const logs = captureLogs();
  const app = problemApp(logs.logger);
  app.use(requestId(), traceContext(), requestLogger({ logger: logs.logger }));
  app.get('/cases/:id', (c) => {
    c.var.log.info({ operation: 'case.read' }, 'reading');
    return c.json({ ok: true });
  });
  app.get('/eservices/:id', (c) => {
    c.set('log', c.var.log.child({ eservice: 'bygglov' }));
    return c.text('ok');
  });
  app.get('/conflict', () => {
    throw new BryggaError('conflict');
  });
  app.get('/health/live', (c) => c.text('ok'));
  return { app, logs };
}

describe('requestLogger', () => {
  it('writes one access line with the route pattern, never the raw path or query', async () => {
    const { app, logs } = setup();
    const res = await app.request('/cases/secret-case-42?name=Anna', {
      headers: { 'X-Request-Id': 'req-1' },
    });
    expect(res.status).toBe(200);
    const entries = logs.entries();
    expect(entries).toHaveLength(2);
    const [handlerLine, accessLine] = entries;
    expect(handlerLine).toMatchObject({ requestId: 'req-1', operation: 'case.read', msg: 'reading' });
    expect(accessLine).toMatchObject({
      level: 30,
      requestId: 'req-1',
      method: 'GET',
      route: '/cases/:id',
      status: 200,
      msg: 'request completed',
    });
    expect(typeof accessLine?.durationMs).toBe('number');
    expect(accessLine?.traceId).toBe(res.headers.get('traceparent')?.split('-')[1]);
    expect(logs.text()).not.toMatch(/secret-case-42|Anna/);
  });

  it('writes the access line with bindings a handler added to the request logger', async () => {
    const { app, logs } = setup();
    await app.request('/eservices/7');
    expect(logs.entries().at(-1)).toMatchObject({ eservice: 'bygglov', route: '/eservices/:id' });
  });

  it('records the problem code of a failed request', async () => {
    const { app, logs } = setup();
    const res = await app.request('/conflict');
    expect(res.status).toBe(409);
    expect(logs.entries().at(-1)).toMatchObject({ status: 409, errorCode: 'conflict' });
  });

  it('logs health probes at debug level only', async () => {
    const { app, logs } = setup();
    await app.request('/health/live');
    expect(logs.entries().at(-1)).toMatchObject({ level: 20, route: '/health/live' });
  });
});
