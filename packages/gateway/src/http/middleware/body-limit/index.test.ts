import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { bodyLimit, defaultBodyLimitBytes } from './index.ts';

function setup(maxBytes?: number) {
  let reached = 0;
  const app = problemApp();
  app.use(bodyLimit(maxBytes === undefined ? {} : { maxBytes }));
  app.post('/upload', async (c) => {
    reached += 1;
    return c.json({ length: (await c.req.arrayBuffer()).byteLength });
  });
  return { app, reached: () => reached };
}

/** A body that arrives in pieces without a declared length, counting how much was pulled from it. */
function streamedBody(chunks: number, chunkBytes: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(chunkBytes));
    },
  });
  return { stream, pulledBytes: () => pulled * chunkBytes };
}

describe('bodyLimit', () => {
  it('lets GET and HEAD through without looking for a body', async () => {
    const app = problemApp();
    let bodyAsked = 0;
    app.use(async (c, next) => {
      // Counts every look at the body: on the node server, the first one builds a whole Request.
      const raw = c.req.raw;
      c.req.raw = new Proxy(raw, {
        get(target, property) {
          if (property === 'body') bodyAsked += 1;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await next();
    });
    app.use(bodyLimit({ maxBytes: 1 }));
    app.on(['GET', 'HEAD'], '/read', (c) => c.json({ ok: true }));
    app.post('/upload', async (c) => c.json({ length: (await c.req.arrayBuffer()).byteLength }));
    expect((await app.request('/read')).status).toBe(200);
    expect((await app.request('/read', { method: 'HEAD' })).status).toBe(200);
    expect(bodyAsked).toBe(0);
    // Any other method is still checked.
    expect((await app.request('/upload', { method: 'POST', body: 'too long' })).status).toBe(413);
    expect(bodyAsked).toBeGreaterThan(0);
  });

  it('defaults to 1 MiB', () => {
    expect(defaultBodyLimitBytes).toBe(1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const { app, reached } = setup(100);
    const body = streamedBody(10, 50);
    const res = await app.request('/upload', {
      method: 'POST',
      body: body.stream,
      headers: { 'content-length': '500' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', maxBytes: 100 });
    expect(body.pulledBytes()).toBeLessThanOrEqual(100); // at most what a stream buffers ahead
    expect(reached()).toBe(0);
  });

  it('stops reading a streamed body at the limit instead of buffering all of it', async () => {
    const { app, reached } = setup(1000);
    const body = streamedBody(10_000, 100); // 1 MB on offer
    const res = await app.request('/upload', {
      method: 'POST',
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(body.pulledBytes()).toBeLessThan(2000);
    expect(reached()).toBe(0);
  });

  it('passes bodies within the limit through intact', async () => {
    const { app } = setup(1000);
    const body = streamedBody(10, 100);
    const res = await app.request('/upload', {
      method: 'POST',
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: 1000 });
  });
});
