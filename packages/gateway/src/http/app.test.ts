import { BryggaError } from '@brygga/contract';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureLogs, personnummerForms } from '../../test/fixtures/capture-logs.ts';
import { createLifecycle } from '../server/lifecycle.ts';
import { createApp } from './app.ts';
import type { GatewayEnv } from './env.ts';
import { readJson } from './read-json.ts';

/** A feature mounted after createApp, the way later issues will add theirs. */
function casesApi() {
  const cases = new Hono<GatewayEnv>();
  cases.get('/:id', (c) => c.json({ id: c.req.param('id'), requestId: c.var.requestId }));
  cases.post('/', async (c) => {
    const input = await readJson(c, z.strictObject({ title: z.string().min(3) }));
    return c.json(input, 201);
  });
  cases.get('/:id/explode', (c) => {
    // A careless log call and an unexpected error that quotes the path: both must come out clean.
    c.var.log.info({ body: { path: c.req.path }, operation: 'case.explode' }, `exploding ${c.req.path}`);
    throw new Error(`no case ${c.req.param('id')} for ${c.req.query('pnr')}`);
  });
  cases.get('/:id/missing', () => {
    throw new BryggaError('not_found', { detail: 'Ärendet finns inte.' });
  });
  return cases;
}

function setup(options: { lifecycleState?: 'ready' | 'draining' } = {}) {
  const logs = captureLogs();
  const lifecycle = createLifecycle('ready');
  if (options.lifecycleState === 'draining') lifecycle.beginDraining();
  const app = createApp({ logger: logs.logger, lifecycle, bodyLimitBytes: 1024 });
  app.route('/cases', casesApi());
  return { app, logs, lifecycle };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const text = await res.text();
  expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:/); // no stack, no error message
  return JSON.parse(text) as Record<string, unknown>;
}

describe('createApp', () => {
  it('serves mounted routes with the request id, trace and security headers', async () => {
    const { app } = setup();
    const res = await app.request('/cases/42', { headers: { 'X-Request-Id': 'abc-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '42', requestId: 'abc-1' });
    expect(res.headers.get('x-request-id')).toBe('abc-1');
    expect(res.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers unknown routes with a not_found problem carrying the request id, in the asked language', async () => {
    const { app } = setup();
    const res = await app.request('/no/such/199001011234', {
      headers: { 'X-Request-Id': 'abc-2', 'Accept-Language': 'en-GB,en;q=0.9' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-language')).toBe('en');
    expect(res.headers.get('x-request-id')).toBe('abc-2');
    expect(await problemOf(res)).toEqual({
      type: '/problems/not-found',
      title: 'The page or resource does not exist.',
      status: 404,
      code: 'not_found',
      requestId: 'abc-2',
    });
  });

  it('answers a wrong method on a mounted route with 405 and Allow', async () => {
    const { app } = setup();
    const res = await app.request('/cases/42', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await problemOf(res)).toMatchObject({ code: 'method_not_allowed' });
    const health = await app.request('/health/live', { method: 'POST' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
  });

  it("keeps a BryggaError's detail and never an unexpected error's message", async () => {
    const { app } = setup();
    expect(await problemOf(await app.request('/cases/1/missing'))).toMatchObject({
      code: 'not_found',
      detail: 'Ärendet finns inte.',
    });
    const res = await app.request('/cases/1/explode?pnr=x');
    expect(res.status).toBe(500);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ code: 'internal_error' });
    expect(problem).not.toHaveProperty('detail');
    expect(problem).not.toHaveProperty('instance');
  });

  it('refuses a body that is too large, of the wrong type, or malformed, before or while reading it', async () => {
    const { app } = setup();
    const post = (body: string, type = 'application/json') =>
      app.request('/cases', { method: 'POST', headers: { 'content-type': type }, body });
    expect(await problemOf(await post('x'.repeat(2048)))).toMatchObject({ code: 'payload_too_large' });
    expect(await problemOf(await post('title=x', 'application/x-www-form-urlencoded'))).toMatchObject({
      code: 'unsupported_media_type',
    });
    expect(await problemOf(await post('{"title":'))).toMatchObject({ code: 'malformed_json' });
    expect(await problemOf(await post('{"title":"x","extra":1}'))).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: '/title', code: 'too_small' },
        { path: '/extra', code: 'unrecognized_keys' },
      ],
    });
    expect((await post('{"title":"Bygglov"}')).status).toBe(201);
  });

  it('while draining: new work gets shutting_down, liveness stays 200, readiness turns 503', async () => {
    const { app } = setup({ lifecycleState: 'draining' });
    const res = await app.request('/cases/42');
    expect(res.status).toBe(503);
    expect(res.headers.get('connection')).toBe('close');
    expect(await problemOf(res)).toMatchObject({ code: 'shutting_down' });
    expect((await app.request('/health/live')).status).toBe(200);
    expect((await app.request('/health/ready')).status).toBe(503);
  });

  it('lets no personnummer into logs, error bodies or ids, wherever the request carries it', async () => {
    const { app, logs } = setup();
    const problemBodies: string[] = [];
    const [long, short, shortDash, longDash] = personnummerForms;
    const requests: [string, RequestInit][] = [
      [`/cases/${long}/explode?pnr=${shortDash}`, { headers: { 'X-Request-Id': long, 'X-Pnr': longDash } }],
      [
        `/cases/${longDash}?q=${short}`,
        { headers: { 'X-Request-Id': `r-${shortDash}`, Referer: `/x/${long}` } },
      ],
      [
        `/no/such/${short}?pnr=${longDash}`,
        { headers: { traceparent: `00-aaaaaaaaaaaaaaaaaaaa${long}-00f067aa0ba902b7-01` } },
      ],
      [
        `/cases?pnr=${long}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"title":"${short}","pnr":"${longDash}"}`,
        },
      ],
      [`/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"${long}": ` }],
      [`/cases/${long}`, { method: 'PUT', headers: { 'content-type': `text/${shortDash}` }, body: long }],
    ];
    for (const [path, init] of requests) {
      const res = await app.request(path, init);
      // Success bodies belong to the feature (this one echoes the path id on purpose); errors belong to us.
      if (res.headers.get('content-type') === 'application/problem+json')
        problemBodies.push(await res.text());
      expect(res.headers.get('x-request-id')).not.toMatch(/1234/);
    }
    expect(problemBodies).toHaveLength(requests.length - 1);
    const output = logs.text();
    // The requests were logged, and the unexpected error with its (masked) stack.
    expect(logs.entries().filter((entry) => entry.msg === 'request completed')).toHaveLength(requests.length);
    expect(output).toContain('[personnummer]');
    expect(logs.entries().some((entry) => typeof entry.stack === 'string')).toBe(true);
    for (const form of personnummerForms) {
      expect(output).not.toContain(form);
      for (const body of problemBodies) expect(body).not.toContain(form);
    }
  });
});
