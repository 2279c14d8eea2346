import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../../test/http-server.ts';
import { type BreakerState, circuitBreaker } from './circuit-breaker.ts';

const agent = new Agent();
afterAll(() => agent.close());
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A business system that can be taken down: while down, it drops every connection without an answer. */
async function switchable() {
  const state = { down: false };
  server = await startServer((request, response) => {
    if (state.down) request.socket.destroy();
    else json(response, 200, { ok: true });
  });
  return { system: server, state };
}

async function call(origin: string, dispatcher: ReturnType<Agent['compose']>) {
  try {
    const response = await request(origin, { dispatcher });
    await response.body.dump();
    return response.statusCode;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('circuitBreaker', () => {
  it('opens on a failing business system, fails fast, half-opens and closes again', async () => {
    const { system, state } = await switchable();
    const changes: [string, BreakerState][] = [];
    const breaker = circuitBreaker({
      name: 'bygglov',
      volumeThreshold: 2,
      errorThresholdPercentage: 50,
      resetTimeout: 100,
      onStateChange: (name, next) => changes.push([name, next]),
    });
    const dispatcher = agent.compose(breaker);

    expect(await call(system.origin, dispatcher)).toBe(200);
    state.down = true;
    expect(await call(system.origin, dispatcher)).toBe('UND_ERR_SOCKET');
    expect(await call(system.origin, dispatcher)).toBe('UND_ERR_SOCKET');
    expect(breaker.state()).toBe('open');

    const sent = system.requests.length;
    expect(await call(system.origin, dispatcher)).toBe('BRYGGA_CIRCUIT_OPEN');
    expect(system.requests).toHaveLength(sent); // failed fast: nothing reached the business system

    state.down = false;
    await expect.poll(() => breaker.state(), { timeout: 2_000 }).toBe('halfOpen');
    expect(await call(system.origin, dispatcher)).toBe(200);
    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual([
      ['bygglov', 'open'],
      ['bygglov', 'halfOpen'],
      ['bygglov', 'closed'],
    ]);
  });

  it('re-opens when the half-open probe fails', async () => {
    const { system, state } = await switchable();
    const breaker = circuitBreaker({ name: 'bygglov', volumeThreshold: 1, resetTimeout: 100 });
    const dispatcher = agent.compose(breaker);
    state.down = true;
    expect(await call(system.origin, dispatcher)).toBe('UND_ERR_SOCKET');
    expect(breaker.state()).toBe('open');
    await expect.poll(() => breaker.state(), { timeout: 2_000 }).toBe('halfOpen');
    expect(await call(system.origin, dispatcher)).toBe('UND_ERR_SOCKET');
    expect(breaker.state()).toBe('open');
  });

  it('counts 5xx answers as failures but still passes them on', async () => {
    server = await startServer((_request, response) => json(response, 503, { error: 'maintenance' }));
    const breaker = circuitBreaker({ name: 'bygglov', volumeThreshold: 1, resetTimeout: 60_000 });
    const response = await request(server.origin, { dispatcher: agent.compose(breaker) });
    expect(response.statusCode).toBe(503);
    expect(await response.body.json()).toEqual({ error: 'maintenance' });
    expect(breaker.state()).toBe('open');
  });

  it('does not count 4xx answers or the caller’s own aborts', async () => {
    server = await startServer((request, response) => {
      if (request.url === '/hang') return;
      json(response, 404, { code: 'case_not_found' });
    });
    const breaker = circuitBreaker({ name: 'bygglov', volumeThreshold: 1, resetTimeout: 60_000 });
    const dispatcher = agent.compose(breaker);
    expect(await call(server.origin, dispatcher)).toBe(404);
    const controller = new AbortController();
    const pending = request(`${server.origin}/hang`, { dispatcher, signal: controller.signal });
    await expect.poll(() => server?.requests.length).toBe(2);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(breaker.state()).toBe('closed');
  });

  it('re-opens when the caller aborts the half-open probe: an unanswered probe proves nothing', async () => {
    const state = { down: true };
    server = await startServer((request, response) => {
      if (request.url === '/hang') return; // down and hanging: only the caller's abort ends the probe
      if (state.down) request.socket.destroy();
      else json(response, 200, { ok: true });
    });
    const breaker = circuitBreaker({ name: 'bygglov', volumeThreshold: 1, resetTimeout: 100 });
    const dispatcher = agent.compose(breaker);
    expect(await call(server.origin, dispatcher)).toBe('UND_ERR_SOCKET');
    expect(breaker.state()).toBe('open');
    await expect.poll(() => breaker.state(), { timeout: 2_000 }).toBe('halfOpen');

    const controller = new AbortController();
    const probe = request(`${server.origin}/hang`, { dispatcher, signal: controller.signal });
    await expect.poll(() => server?.requests.length).toBe(2);
    controller.abort();
    await expect(probe).rejects.toThrow();
    expect(breaker.state()).toBe('open');
  });
});
