import { Agent, Pool, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../../test/http-server.ts';
import { timeout } from './timeout.ts';

const agent = new Agent();
afterAll(() => agent.close());
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const codeOf = (error: unknown) => (error as { code?: string }).code;

describe('timeout', () => {
  it('passes a prompt answer through untouched', async () => {
    server = await startServer((_request, response) => json(response, 200, { ok: true }));
    const dispatcher = agent.compose(timeout({ connectMs: 1_000, requestMs: 5_000 }));
    const response = await request(server.origin, { dispatcher });
    expect(await response.body.json()).toEqual({ ok: true });
  });

  it('aborts a business system that never answers', async () => {
    server = await startServer(() => {}); // hangs
    const dispatcher = agent.compose(timeout({ requestMs: 100 }));
    const error = await request(server.origin, { dispatcher }).catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('aborts a body that stops midway', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"cases": [');
    });
    const dispatcher = agent.compose(timeout({ requestMs: 100 }));
    const response = await request(server.origin, { dispatcher });
    const error = await response.body.text().catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('gives up on a call that gets no connection in time', async () => {
    server = await startServer((request, response) => {
      if (request.url === '/slow') return; // holds the pool's only connection
      json(response, 200, { ok: true });
    });
    const pool = new Pool(server.origin, { connections: 1 });
    try {
      const dispatcher = pool.compose(timeout({ connectMs: 100 }));
      const slow = request(`${server.origin}/slow`, { dispatcher }).catch(() => undefined);
      const error = await request(`${server.origin}/fast`, { dispatcher }).catch((caught: unknown) => caught);
      expect(codeOf(error)).toBe('UND_ERR_CONNECT_TIMEOUT');
      await server.close();
      await slow;
    } finally {
      await pool.destroy();
    }
  });
});
