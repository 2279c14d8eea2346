import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { type RawResponse, send } from '../../test/fixtures/http-client.ts';
import { type RunningServer, startServer } from '../server/serve.ts';
import { createApp } from './app.ts';

// The whole app on a real socket: what a client on the network sees, including how the adapter behaves
// when a body is refused half-way.
let server: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, 0x7b);

beforeAll(async () => {
  const logs = captureLogs('info');
  const app = createApp({ logger: logs.logger });
  app.post('/echo', async (c) => c.json(await c.req.json(), 201));
  app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
  server = await startServer({ app, port: 0, logger: logs.logger, shutdownGraceMs: 2000 });
});

afterAll(async () => {
  agent.destroy();
  await server.close('tests done');
});

function expectProblem(res: RawResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules/);
  const problem = res.json();
  expect(problem).toMatchObject({ code, status, type: `/problems/${code.replaceAll('_', '-')}` });
  expect(problem.requestId).toBe(res.headers['x-request-id']);
}

async function stillServing() {
  const res = await send(`${server.url}/things/7`, { agent });
  expect(res.status).toBe(200);
  expect(res.json()).toEqual({ id: '7' });
}

describe('the gateway on a real socket', () => {
  it('answers malformed JSON with malformed_json and keeps serving', async () => {
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
      body: '{"a": [1, 2',
    });
    expectProblem(res, 400, 'malformed_json');
    await stillServing();
  });

  it('answers a 10 MB body with payload_too_large and keeps serving', async () => {
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': String(tenMegabytes.length) },
      body: tenMegabytes,
    });
    expectProblem(res, 413, 'payload_too_large');
    await stillServing();
  });

  it('refuses a declared 10 MB body from its Content-Length, before the body is sent', async () => {
    // Only the headers and one byte go out; the answer must come without the rest.
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(tenMegabytes.length) },
      body: (write) => void write(Buffer.from('{')),
    });
    expectProblem(res, 413, 'payload_too_large');
    await stillServing();
  });

  it('refuses a streamed (chunked) body once it passes the limit, while the client is still sending', async () => {
    // 2 MiB goes out in chunks, then the client stalls without ending: the answer must not wait for an end.
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: (write) => {
        for (let i = 0; i < 32; i++) write(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    expectProblem(res, 413, 'payload_too_large');
    await stillServing();
  });

  it('answers a wrong content type with unsupported_media_type and keeps serving', async () => {
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expectProblem(res, 415, 'unsupported_media_type');
    expect(res.headers['accept-post']).toBe('application/json, application/merge-patch+json');
    await stillServing();
  });

  it('answers an unknown route with not_found and keeps serving', async () => {
    const res = await send(`${server.url}/nowhere?x=1`, { agent, headers: { 'accept-language': 'en' } });
    expectProblem(res, 404, 'not_found');
    expect(res.json().title).toBe('The page or resource does not exist.');
    await stillServing();
  });

  it('answers a wrong method with method_not_allowed and Allow', async () => {
    const res = await send(`${server.url}/things/7`, { method: 'PATCH', agent });
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
    await stillServing();
  });

  it('serves a valid JSON body', async () => {
    const res = await send(`${server.url}/echo`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"ärende":"bygglov"}',
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ ärende: 'bygglov' });
  });
});
