import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../test/http-server.ts';
import { createDispatcher } from './dispatcher.ts';
import { apiKeyHeader } from './interceptors/auth.ts';

let server: TestServer | undefined;
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
  await server?.close();
  server = undefined;
});

const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('createDispatcher', () => {
  it('retries with the credential and trace on every attempt', async () => {
    server = await startServer((_request, response, index) =>
      index === 0 ? json(response, 503, {}) : json(response, 200, { ok: true }),
    );
    const { dispatcher, close } = createDispatcher({
      auth: apiKeyHeader({ header: 'x-api-key', value: 'k' }),
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      breaker: { name: 'bygglov', volumeThreshold: 10 },
    });
    closing.push(close);
    const response = await request(server.origin, { dispatcher, call: { traceparent: trace } } as never);
    expect(await response.body.json()).toEqual({ ok: true });
    expect(server.requests.map((seen) => [seen.headers['x-api-key'], seen.headers.traceparent])).toEqual([
      ['k', trace],
      ['k', trace],
    ]);
  });

  it('stops retrying the moment the breaker opens: it sits inside retry', async () => {
    server = await startServer((_request, response) => json(response, 503, {}));
    const { dispatcher, breaker, close } = createDispatcher({
      retry: { retries: 5, minDelayMs: 1, maxDelayMs: 2 },
      breaker: { name: 'bygglov', volumeThreshold: 1, resetTimeout: 60_000 },
    });
    closing.push(close);
    const error = await request(server.origin, { dispatcher }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BRYGGA_CIRCUIT_OPEN', breaker: 'bygglov' });
    expect(server.requests).toHaveLength(1);
    expect(breaker?.state()).toBe('open');
  });

  it('bounds each attempt: a hanging business system times out', async () => {
    server = await startServer(() => {});
    const { dispatcher, close } = createDispatcher({ timeout: { requestMs: 50 }, retry: false });
    closing.push(close);
    const error = await request(server.origin, { dispatcher }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('refuses mutual TLS together with an injected dispatcher', async () => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    closing.push(() => agent.close());
    expect(() => createDispatcher({ dispatcher: agent, mutualTls: { cert: 'c', key: 'k' } })).toThrow(
      TypeError,
    );
  });
});
