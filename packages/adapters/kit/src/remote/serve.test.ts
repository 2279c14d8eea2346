// serveAdapter in process (fetch-style, no sockets): the envelope is checked before any handler runs, and every
// refusal is plain and never echoes a value.
import { type Adapter, OperationError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { serveAdapter } from './serve.ts';

const citizen = '191212121212';
const calls: unknown[] = [];
const adapter: Adapter = {
  contract: 'case-management',
  contractVersion: '2026-12-01',
  handlers: {
    getCase: async (request, context) => {
      calls.push({ request, context: { ...context, signal: undefined } });
      if (request.params.caseId === 'missing') throw new OperationError('case_not_found');
      return { body: { caseId: request.params.caseId } };
    },
  },
  ready: async () => {
    throw new Error('down');
  },
};
const handle = serveAdapter(adapter, { maxBodyBytes: 1_000 });
const base = 'http://adapter.test/bygglov/brygga-adapter/v1';

const envelope = (extra: Record<string, unknown> = {}) => ({
  request: { params: { caseId: 'BN-1' }, query: {} },
  context: {
    requestId: 'r1',
    eServiceId: 'e1',
    purposeId: 'p1',
    citizen: { personalIdentityNumber: citizen },
  },
  ...extra,
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return handle(
    new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('serveAdapter', () => {
  it('serves the manifest and a call under any base path', async () => {
    const manifest = await handle(new Request(`${base}/manifest`));
    expect(await manifest.json()).toEqual({
      protocol: 'brygga-adapter/v1',
      contract: 'case-management',
      contractVersion: '2026-12-01',
      operations: ['getCase'],
    });
    const answer = await post('/operations/getCase', envelope());
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ body: { caseId: 'BN-1' } });
    expect(calls.at(-1)).toMatchObject({
      context: { citizen: { personalIdentityNumber: citizen }, traceparent: '' },
    });
  });

  it('answers a declared error case with 422 and its code', async () => {
    const answer = await post('/operations/getCase', {
      ...envelope(),
      request: { params: { caseId: 'missing' }, query: {} },
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({ error: { code: 'case_not_found' } });
  });

  it.each([
    ['not JSON', () => post('/operations/getCase', '{', {}), 400, 'invalid_envelope'],
    [
      'an unknown field',
      () => post('/operations/getCase', envelope({ [citizen]: 1 })),
      400,
      'invalid_envelope',
    ],
    [
      'a malformed personnummer',
      () =>
        post('/operations/getCase', {
          ...envelope(),
          context: {
            requestId: 'r',
            eServiceId: 'e',
            purposeId: 'p',
            citizen: { personalIdentityNumber: `x${citizen}` },
          },
        }),
      400,
      'invalid_envelope',
    ],
    [
      'another media type',
      () => post('/operations/getCase', envelope(), { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    ],
    [
      'a media type that only starts like JSON',
      () => post('/operations/getCase', envelope(), { 'content-type': 'application/json-seq' }),
      415,
      'unsupported_media_type',
    ],
    [
      'too large a body',
      () => post('/operations/getCase', envelope({ pad: 'x'.repeat(2_000) })),
      413,
      'too_large',
    ],
    [
      'an unknown operation',
      () => post('/operations/deleteEverything', envelope()),
      404,
      'unknown_operation',
    ],
    [
      'a GET of an operation',
      () => handle(new Request(`${base}/operations/getCase`)),
      405,
      'method_not_allowed',
    ],
    ['a path outside the protocol', () => handle(new Request('http://adapter.test/other')), 404, 'not_found'],
    [
      'an Idempotency-Key header that differs from the context',
      () => post('/operations/getCase', envelope(), { 'idempotency-key': 'other' }),
      400,
      'invalid_envelope',
    ],
    ['a readiness check that fails', () => handle(new Request(`${base}/ready`)), 503, 'not_ready'],
  ])('refuses %s plainly, echoing no value', async (_, send, status, code) => {
    const before = calls.length;
    const answer = await send();
    expect(answer.status).toBe(status);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
    expect(text).not.toContain(citizen);
    expect(calls.length).toBe(before);
  });

  it('asks authenticate before anything else', async () => {
    const locked = serveAdapter(adapter, {
      authenticate: (request) => request.headers.get('x-api-key') === 'k',
    });
    expect((await locked(new Request(`${base}/manifest`))).status).toBe(401);
    expect((await locked(new Request(`${base}/manifest`, { headers: { 'x-api-key': 'k' } }))).status).toBe(
      200,
    );
  });

  it('accepts application/json with parameters, in any case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8']) {
      const answer = await post('/operations/getCase', envelope(), { 'content-type': type });
      expect(answer.status).toBe(200);
    }
  });

  it('answers 504 timed_out at the deadline when a handler ignores its signal, and tells onError', async () => {
    const errors: [unknown, string][] = [];
    const stuck = serveAdapter(
      { ...adapter, handlers: { getCase: () => new Promise<never>(() => {}) } },
      { timeoutMs: 50, onError: (error, operationId) => errors.push([error, operationId]) },
    );
    const answer = await stuck(
      new Request(`${base}/operations/getCase`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope()),
      }),
    );
    expect(answer.status).toBe(504);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'timed_out', message: expect.any(String) } });
    expect(text).not.toContain(citizen);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe('getCase');
    expect(errors[0]?.[0]).toMatchObject({ name: 'TimeoutError' });
  }, 10_000);

  it('answers 504 timed_out too when the handler gives up on its aborted signal', async () => {
    const errors: unknown[] = [];
    const prompt = serveAdapter(
      {
        ...adapter,
        handlers: {
          getCase: (_, context) =>
            new Promise<never>((_, reject) =>
              context.signal.addEventListener('abort', () => reject(context.signal.reason)),
            ),
        },
      },
      { timeoutMs: 50, onError: (error) => errors.push(error) },
    );
    const answer = await prompt(
      new Request(`${base}/operations/getCase`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope()),
      }),
    );
    expect(answer.status).toBe(504);
    expect(await answer.json()).toMatchObject({ error: { code: 'timed_out' } });
    expect(errors).toHaveLength(1);
  }, 10_000);

  it('tells onError why a readiness check failed, and the caller only that it did', async () => {
    const errors: [unknown, string][] = [];
    const told = serveAdapter(adapter, {
      onError: (error, operationId) => errors.push([error, operationId]),
    });
    const answer = await told(new Request(`${base}/ready`));
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ error: { code: 'not_ready', message: expect.any(String) } });
    expect(errors).toEqual([[new Error('down'), '(ready)']]);
  });
});
