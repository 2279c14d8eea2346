import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { contentType, declaresBody } from './index.ts';

function setup(options?: Parameters<typeof contentType>[0]) {
  const app = problemApp();
  app.use(contentType(options));
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/cases', (c) => c.text('ok'));
  return app;
}

const send = (
  app: ReturnType<typeof setup>,
  method: string,
  headers: Record<string, string>,
  body?: string,
) => app.request('/cases', { method, headers, ...(body === undefined ? {} : { body }) });

describe('contentType', () => {
  it('accepts JSON and JSON merge patch, with or without charset=utf-8', async () => {
    const app = setup();
    expect((await send(app, 'POST', { 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect((await send(app, 'PUT', { 'content-type': 'application/json; charset=utf-8' }, '{}')).status).toBe(
      200,
    );
    expect((await send(app, 'PATCH', { 'content-type': 'application/merge-patch+json' }, '{}')).status).toBe(
      200,
    );
  });

  it('refuses other types with unsupported_media_type and an Accept-Post hint', async () => {
    const res = await send(setup(), 'POST', { 'content-type': 'text/plain', 'content-length': '1' }, 'x');
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-post')).toBe('application/json, application/merge-patch+json');
    expect(await res.json()).toMatchObject({
      code: 'unsupported_media_type',
      accepted: ['application/json', 'application/merge-patch+json'],
    });
  });

  it('hints with Accept-Patch for PATCH', async () => {
    const res = await send(setup(), 'PATCH', { 'content-type': 'application/xml' }, '<x/>');
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-patch')).toBe('application/json, application/merge-patch+json');
  });

  it('refuses a body that does not say what it is', async () => {
    const res = await send(setup(), 'POST', { 'content-length': '2' }, '{}');
    expect(res.status).toBe(415);
  });

  it('does not ask for a type when there is no body, or for methods it does not check', async () => {
    const app = setup();
    expect((await send(app, 'POST', { 'content-length': '0' })).status).toBe(200);
    expect((await send(app, 'POST', {})).status).toBe(200);
    expect((await send(app, 'DELETE', { 'content-type': 'text/plain' }, 'x')).status).toBe(200);
  });

  it('takes a configured list', async () => {
    const app = setup({ accepted: ['application/x-www-form-urlencoded'] });
    expect(
      (await send(app, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).status,
    ).toBe(200);
    expect((await send(app, 'POST', { 'content-type': 'application/json' }, '{}')).status).toBe(415);
  });
});

describe('declaresBody', () => {
  it('follows HTTP framing', () => {
    expect(declaresBody(new Headers({ 'content-length': '0' }), true)).toBe(false);
    expect(declaresBody(new Headers({ 'content-length': '12' }), true)).toBe(true);
    expect(declaresBody(new Headers({ 'transfer-encoding': 'chunked' }), true)).toBe(true);
    // Node gives every POST a stream; without framing headers there is no body.
    expect(declaresBody(new Headers(), true)).toBe(false);
    expect(declaresBody(new Headers({ 'content-type': 'text/plain' }), true)).toBe(true);
    expect(declaresBody(new Headers({ 'content-type': 'text/plain' }), false)).toBe(false);
  });
});
