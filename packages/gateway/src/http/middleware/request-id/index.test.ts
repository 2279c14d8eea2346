import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { generateRequestId, isAcceptableRequestId, requestId } from './index.ts';

function app() {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId());
  app.get('/', (c) => c.text(c.var.requestId));
  return app;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestId', () => {
  it('reuses a safe incoming id, puts it on the context and echoes it', async () => {
    const res = await app().request('/', { headers: { 'X-Request-Id': 'abc.DEF_123-x' } });
    expect(await res.text()).toBe('abc.DEF_123-x');
    expect(res.headers.get('X-Request-Id')).toBe('abc.DEF_123-x');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['unsafe characters', 'abc def<script>'],
    ['log-forging punctuation', 'id";level=60'],
    ['a personnummer', '199001011234'],
    ['a personnummer with separator', 'req-19900101-1234'],
  ])('replaces %s with a fresh UUID', async (_, incoming) => {
    const res = await app().request('/', { headers: { 'X-Request-Id': incoming } });
    const id = await res.text();
    expect(id).toMatch(uuid);
    expect(res.headers.get('X-Request-Id')).toBe(id);
  });

  it('generates one when none is sent, different each time', async () => {
    const [a, b] = await Promise.all([app().request('/'), app().request('/')]);
    const [idA, idB] = [await a?.text(), await b?.text()];
    expect(idA).toMatch(uuid);
    expect(idA).not.toBe(idB);
  });

  it('accepts exactly the documented pattern', () => {
    expect(isAcceptableRequestId('a'.repeat(128))).toBe(true);
    expect(isAcceptableRequestId('')).toBe(false);
    expect(isAcceptableRequestId(undefined)).toBe(false);
    expect(isAcceptableRequestId('9001011234')).toBe(false);
  });

  it('never generates an id the log scrubber would mask', () => {
    for (let i = 0; i < 2000; i++) expect(isAcceptableRequestId(generateRequestId())).toBe(true);
  });
});
