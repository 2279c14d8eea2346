import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { setResponseHeader } from './index.ts';

function appWith(handler: () => Response) {
  const app = new Hono();
  const seen: { before?: Response; after?: Response } = {};
  app.use(async (c, next) => {
    await next();
    seen.before = c.res;
    setResponseHeader(c, 'X-Request-Id', 'abc');
    seen.after = c.res;
  });
  app.get('/', handler);
  return { app, seen };
}

describe('setResponseHeader', () => {
  it('sets the header on the response itself, without copying it', async () => {
    const { app, seen } = appWith(() => Response.json({ ok: true }));
    const response = await app.request('/');
    expect(response.headers.get('x-request-id')).toBe('abc');
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.after).toBe(seen.before);
  });

  it('copies a response whose headers cannot change (a redirect)', async () => {
    const { app, seen } = appWith(() => Response.redirect('https://example.se/', 302));
    const response = await app.request('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.se/');
    expect(response.headers.get('x-request-id')).toBe('abc');
    expect(seen.after).not.toBe(seen.before);
  });

  it('copies a response its handler already wrote, as @hono/node-server expects', async () => {
    const { app, seen } = appWith(() => new Response(null, { headers: { 'x-hono-already-sent': 'true' } }));
    const response = await app.request('/');
    expect(response.headers.get('x-hono-already-sent')).toBe('true');
    expect(seen.after).not.toBe(seen.before);
  });
});
