import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { createLifecycle } from '../../../server/lifecycle.ts';
import { shutdownGuard } from './index.ts';

function setup() {
  const lifecycle = createLifecycle('ready');
  let handled = 0;
  let release: () => void = () => {};
  const app = problemApp();
  app.use(shutdownGuard({ lifecycle }));
  app.post('/work', (c) => {
    handled += 1;
    return c.json({ ok: true });
  });
  app.get('/slow', async (c) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return c.text('done');
  });
  return { app, lifecycle, handled: () => handled, release: () => release() };
}

describe('shutdownGuard', () => {
  it('serves normally while ready', async () => {
    const { app, handled } = setup();
    const res = await app.request('/work', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.has('connection')).toBe(false);
    expect(handled()).toBe(1);
  });

  it('answers shutting_down with Connection: close once draining, without starting the work', async () => {
    const { app, lifecycle, handled } = setup();
    lifecycle.beginDraining();
    const res = await app.request('/work', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('connection')).toBe('close');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ code: 'shutting_down' });
    expect(handled()).toBe(0);
  });

  it('lets a request in flight finish, marking its response Connection: close', async () => {
    const { app, lifecycle, release } = setup();
    const pending = app.request('/slow');
    await new Promise((resolve) => setImmediate(resolve));
    lifecycle.beginDraining();
    release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('done');
    expect(res.headers.get('connection')).toBe('close');
  });
});
