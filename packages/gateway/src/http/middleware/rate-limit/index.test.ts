import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import type { GatewayEnv } from '../../env.ts';
import { clientAddress, rateLimit } from './index.ts';

function setup() {
  let now = 0;
  let reached = 0;
  const app = problemApp();
  app.use(
    '/login/*',
    rateLimit({
      now: () => now,
      limits: [
        { rule: { burst: 2, perMinute: 6 }, keyOf: (c) => c.req.header('x-test-peer') },
        { rule: { burst: 3, perMinute: 60 }, keyOf: (c) => c.req.query('client') },
      ],
    }),
  );
  app.get('/login/:step', (c) => {
    reached += 1;
    return c.text('ok');
  });
  app.get('/other', (c) => c.text('ok'));
  return {
    app,
    reached: () => reached,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const from = (peer: string) => ({ headers: { 'x-test-peer': peer } });

describe('rateLimit', () => {
  it('answers 429 rate_limited with Retry-After once a key has used its burst, and the handler is not reached', async () => {
    const { app, reached } = setup();
    expect((await app.request('/login/a', from('p1'))).status).toBe(200);
    expect((await app.request('/login/b', from('p1'))).status).toBe(200);
    const refused = await app.request('/login/c', from('p1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as Record<string, unknown>;
    expect(problem.code).toBe('rate_limited');
    expect(problem.retryAfterSeconds).toBe(10);
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts|stack/);
    expect(reached()).toBe(2);
    // Another peer is not affected.
    expect((await app.request('/login/a', from('p2'))).status).toBe(200);
  });

  it('lets a key in again once its bucket has refilled', async () => {
    const { app, advance } = setup();
    await app.request('/login/a', from('p1'));
    await app.request('/login/a', from('p1'));
    expect((await app.request('/login/a', from('p1'))).status).toBe(429);
    advance(10_000);
    expect((await app.request('/login/a', from('p1'))).status).toBe(200);
    expect((await app.request('/login/a', from('p1'))).status).toBe(429);
  });

  it('requires every limit to allow the request, each counting by its own key', async () => {
    const { app } = setup();
    const statuses = [];
    for (const peer of ['p1', 'p2', 'p3', 'p4']) {
      statuses.push((await app.request('/login/a?client=svc', from(peer))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('skips a limit whose key is undefined, and leaves other paths alone', async () => {
    const { app } = setup();
    for (let i = 0; i < 5; i += 1) expect((await app.request('/login/a')).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await app.request('/other', from('p1'))).status).toBe(200);
  });
});

describe('clientAddress', () => {
  it('is the socket peer, whatever X-Forwarded-For says, and undefined without the Node.js server', async () => {
    const app = new Hono<GatewayEnv>();
    app.get('/', (c) => c.text(clientAddress(c) ?? 'none'));
    expect(await (await app.request('/')).text()).toBe('none');
    const server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(await res.text()).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
