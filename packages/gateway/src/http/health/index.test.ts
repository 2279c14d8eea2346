import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/fixtures/capture-logs.ts';
import { createLifecycle } from '../../server/lifecycle.ts';
import { health, type ReadinessCheck, runCheck } from './index.ts';

function setup(readiness: ReadinessCheck[], state: 'starting' | 'ready' = 'ready') {
  const logs = captureLogs();
  const lifecycle = createLifecycle(state);
  const app = health({ lifecycle, logger: logs.logger, readiness });
  return { app, lifecycle, logs };
}

const never = () => new Promise(() => {});

describe('health', () => {
  it('says live while the process runs, whatever the lifecycle, without caching', async () => {
    const { app, lifecycle } = setup([]);
    lifecycle.beginDraining();
    const res = await app.request('/live');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('is ready when every check passes, listing each', async () => {
    const { app } = setup([
      { name: 'database', check: async () => 'pong' },
      { name: 'audit', check: () => undefined },
    ]);
    const res = await app.request('/ready');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: [
        { name: 'database', status: 'ok' },
        { name: 'audit', status: 'ok' },
      ],
    });
  });

  it('is not ready when a check fails or hangs past its timeout, and logs no error message', async () => {
    const { app, logs } = setup([
      { name: 'database', check: async () => Promise.reject(new Error('password=hunter2 for 199001011234')) },
      { name: 'audit', check: never, timeoutMs: 10 },
      { name: 'cache', check: async () => 'ok' },
    ]);
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'fail',
      checks: [
        { name: 'database', status: 'fail' },
        { name: 'audit', status: 'timeout' },
        { name: 'cache', status: 'ok' },
      ],
    });
    expect(logs.entries().map((entry) => [entry.check, entry.msg])).toEqual(
      expect.arrayContaining([
        ['database', 'readiness check failed'],
        ['audit', 'readiness check timed out'],
      ]),
    );
    // The whole number: a short piece of it could turn up in the process id.
    expect(logs.text()).not.toContain('199001011234');
    expect(logs.text()).not.toContain('9001011234');
  });

  it('is not ready while starting or draining, without running the checks', async () => {
    let ran = 0;
    const countRuns = () => {
      ran += 1;
    };
    const { app, lifecycle } = setup([{ name: 'database', check: countRuns }], 'starting');
    expect((await app.request('/ready')).status).toBe(503);
    lifecycle.markReady();
    expect((await app.request('/ready')).status).toBe(200);
    lifecycle.beginDraining();
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'draining' });
    expect(ran).toBe(1);
  });
});

describe('health readiness under load', () => {
  function countingStore() {
    const store = { pings: 0, release: () => {} };
    const ping = () => {
      store.pings += 1;
      return new Promise<void>((resolve) => {
        store.release = resolve;
      });
    };
    return { store, ping };
  }

  it('shares one round of checks among concurrent requests, and reuses its result for a second', async () => {
    const { store, ping } = countingStore();
    let clock = 1_000_000;
    const logs = captureLogs();
    const app = health({
      lifecycle: createLifecycle('ready'),
      logger: logs.logger,
      readiness: [{ name: 'database', check: ping }],
      now: () => clock,
    });
    const concurrent = Array.from({ length: 20 }, () => app.request('/ready'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.pings).toBe(1);
    store.release();
    const responses = await Promise.all(concurrent);
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(store.pings).toBe(1);

    clock += 999;
    expect((await app.request('/ready')).status).toBe(200);
    expect(store.pings).toBe(1);

    clock += 2;
    const next = app.request('/ready');
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.pings).toBe(2);
    store.release();
    expect((await next).status).toBe(200);
  });

  it('runs the checks every time with a cache of 0', async () => {
    let runs = 0;
    const app = health({
      lifecycle: createLifecycle('ready'),
      logger: captureLogs().logger,
      readiness: [{ name: 'database', check: () => (runs += 1) }],
      readinessCacheMs: 0,
      now: () => 0,
    });
    await app.request('/ready');
    await app.request('/ready');
    expect(runs).toBe(2);
  });
});

describe('runCheck', () => {
  it('aborts the signal of a check that timed out', async () => {
    let signal: AbortSignal | undefined;
    const result = await runCheck(
      {
        name: 'slow',
        timeoutMs: 5,
        check: (s) => {
          signal = s;
          return never();
        },
      },
      captureLogs().logger,
    );
    expect(result).toEqual({ name: 'slow', status: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('turns a synchronous throw into a failure', async () => {
    const result = await runCheck(
      {
        name: 'sync',
        check: () => {
          throw new Error('x');
        },
      },
      captureLogs().logger,
    );
    expect(result.status).toBe('fail');
  });
});
