import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closedPort, json, startServer, type TestServer } from '../../test/http-server.ts';
import { backoffDelay, retryAfterMs } from './backoff.ts';
import { type AttemptOutcome, defaultRetryOn, retry } from './retry.ts';
import type { Dispatch, DispatchController, DispatchHandler } from './types.ts';

const agent = new Agent();
afterAll(() => agent.close());
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };

/** A business system that fails `failures` times with `status`, then answers 200. */
async function failingThenOk(failures: number, status = 503, headers: Record<string, string> = {}) {
  server = await startServer((_request, response, index) => {
    if (index < failures) json(response, status, { error: 'busy' }, headers);
    else json(response, 200, { ok: true, attempt: index + 1 });
  });
  return server;
}

describe('retry', () => {
  it('retries a GET that fails twice and returns the third answer', async () => {
    const system = await failingThenOk(2);
    const response = await request(`${system.origin}/cases/1`, { dispatcher: agent.compose(retry(fast)) });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ ok: true, attempt: 3 });
    expect(system.requests).toHaveLength(3);
  });

  it('gives the last failure to the caller once the retries are spent', async () => {
    const system = await failingThenOk(10);
    const response = await request(system.origin, {
      dispatcher: agent.compose(retry({ ...fast, retries: 2 })),
    });
    expect(response.statusCode).toBe(503);
    expect(await response.body.json()).toEqual({ error: 'busy' });
    expect(system.requests).toHaveLength(3);
  });

  it('never repeats a POST without an Idempotency-Key', async () => {
    const system = await failingThenOk(1);
    const response = await request(system.origin, {
      method: 'POST',
      body: '{}',
      dispatcher: agent.compose(retry(fast)),
    });
    expect(response.statusCode).toBe(503);
    await response.body.dump();
    expect(system.requests).toHaveLength(1);
  });

  it('repeats a POST that carries an Idempotency-Key, with the same key', async () => {
    const system = await failingThenOk(1);
    const response = await request(system.origin, {
      method: 'POST',
      body: '{}',
      headers: { 'idempotency-key': 'k-1' },
      dispatcher: agent.compose(retry(fast)),
    });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(system.requests.map((seen) => seen.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
  });

  it('honours a Retry-After within the limit and passes on one beyond it', async () => {
    const within = await failingThenOk(1, 429, { 'retry-after': '0' });
    const ok = await request(within.origin, { dispatcher: agent.compose(retry(fast)) });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
    await within.close();

    const beyond = await failingThenOk(1, 503, { 'retry-after': '120' });
    const refused = await request(beyond.origin, { dispatcher: agent.compose(retry(fast)) });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('120');
    await refused.body.dump();
    expect(beyond.requests).toHaveLength(1);
  });

  it('never retries once the response has started, even if the body then breaks', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"partial":');
      setImmediate(() => response.socket?.destroy());
    });
    const response = await request(server.origin, { dispatcher: agent.compose(retry(fast)) });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });

  it('retries refused connections, then reports the error', async () => {
    const seen: AttemptOutcome[] = [];
    const retryOn = (outcome: AttemptOutcome) => {
      seen.push(outcome);
      return defaultRetryOn(outcome);
    };
    const error = await request(await closedPort(), {
      dispatcher: agent.compose(retry({ ...fast, retries: 2, retryOn })),
    }).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(seen).toHaveLength(2);
  });

  it('stops waiting when the caller aborts during the backoff', async () => {
    const system = await failingThenOk(10);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = request(system.origin, {
      signal: controller.signal,
      // A backoff far longer than the test's time limit: only the abort can end this call.
      dispatcher: agent.compose(retry({ retries: 1, minDelayMs: 60_000, maxDelayMs: 60_000, jitter: false })),
    });
    await expect.poll(() => system.requests.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(system.requests).toHaveLength(1);
  });

  it('stops waiting when the caller aborts during the backoff after a refused connection', {
    timeout: 5_000,
  }, async () => {
    // ECONNREFUSED arrives before undici starts the request: the caller must still hold a controller.
    const refused = Promise.withResolvers<void>();
    const retryOn = (outcome: AttemptOutcome) => {
      refused.resolve();
      return defaultRetryOn(outcome);
    };
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = request(await closedPort(), {
      signal: controller.signal,
      // A backoff far longer than the test's time limit: only the abort can end this call.
      dispatcher: agent.compose(
        retry({ retries: 1, minDelayMs: 60_000, maxDelayMs: 60_000, jitter: false, retryOn }),
      ),
    });
    await refused.promise;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('ends with the abort, not a bare end, when the caller aborts while a refused answer is discarded', () => {
    const events: string[] = [];
    let caller: DispatchController | undefined;
    let inner: DispatchHandler | undefined;
    const handler: DispatchHandler = {
      onRequestStart: (controller) => {
        caller = controller;
        events.push('start');
      },
      onResponseStart: (_controller, status) => void events.push(`status ${status}`),
      onResponseEnd: () => void events.push('end'),
      onResponseError: (_controller, error) => void events.push(`error ${error.message}`),
    };
    const dispatch = ((_opts: unknown, next: DispatchHandler) => {
      inner = next;
      return true;
    }) as Dispatch;
    retry(fast)(dispatch)({ origin: 'http://127.0.0.1', path: '/', method: 'GET' }, handler);
    // An attempt whose abort does not land before its (discarded) 503 has been read to its end.
    const attempt: DispatchController = {
      aborted: false,
      paused: false,
      reason: null,
      abort() {},
      pause() {},
      resume() {},
    };
    inner?.onRequestStart?.(attempt, {});
    inner?.onResponseStart?.(attempt, 503, {}, 'Service Unavailable');
    caller?.abort(new Error('caller gave up'));
    inner?.onResponseEnd?.(attempt, {});
    expect(events).toEqual(['start', 'error caller gave up']);
  });
});

describe('backoff', () => {
  const options = { minDelayMs: 100, maxDelayMs: 1_000, jitter: true };

  it('doubles the ceiling per attempt up to the cap, and draws uniformly below it', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { ...options, jitter: false }))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
    expect(backoffDelay(9, options, () => 0.999)).toBeLessThan(1_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
