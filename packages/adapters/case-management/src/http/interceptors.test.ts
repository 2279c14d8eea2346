import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  type BusinessDispatchOptions,
  bearerAuth,
  headerRecord,
  idempotencyKey,
  traceContext,
} from './interceptors.ts';

// Each interceptor on its own, against a dispatch that only records what it was given: no sockets.

function run(interceptor: Dispatcher.DispatcherComposeInterceptor, opts: BusinessDispatchOptions) {
  let seen: Dispatcher.DispatchOptions | undefined;
  const dispatch = interceptor((next) => {
    seen = next;
    return true;
  }) as (opts: BusinessDispatchOptions, handler: Dispatcher.DispatchHandler) => boolean;
  dispatch(opts, {});
  return seen;
}

const base = { path: '/api/v2/cases', method: 'GET' } as const;

describe('bearerAuth', () => {
  it('adds the key and replaces any Authorization, whatever form the headers take', () => {
    const forms: Dispatcher.DispatchOptions['headers'][] = [
      undefined,
      { Authorization: 'Basic other', accept: 'application/json' },
      ['authorization', 'Basic other', 'accept', 'application/json'],
      new Map([['AUTHORIZATION', 'Basic other']]),
    ];
    for (const headers of forms) {
      const seen = run(bearerAuth('k3y'), { ...base, headers });
      expect(seen?.headers).toMatchObject({ authorization: 'Bearer k3y' });
      expect(
        Object.keys(headerRecord(seen?.headers)).filter((name) => name === 'authorization'),
      ).toHaveLength(1);
    }
  });
});

describe('traceContext', () => {
  it("passes the call's traceparent, and sends none when there is none", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(run(traceContext(), { ...base, call: { traceparent } })?.headers).toEqual({ traceparent });
    expect(run(traceContext(), { ...base, call: {} })?.headers).toBeUndefined();
  });

  it('drops a traceparent that is not W3C trace context, as the kit does', () => {
    const malformed = [
      'not-a-trace',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nx-injected: 1',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
      '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
    ];
    for (const traceparent of malformed) {
      expect(run(traceContext(), { ...base, call: { traceparent } })?.headers).toBeUndefined();
    }
  });
});

describe('idempotencyKey', () => {
  it("passes the call's key and keeps the other headers", () => {
    const seen = run(idempotencyKey(), {
      ...base,
      headers: { accept: 'application/json' },
      call: { idempotencyKey: 'abc' },
    });
    expect(seen?.headers).toEqual({ accept: 'application/json', 'idempotency-key': 'abc' });
    expect(run(idempotencyKey(), base)?.headers).toBeUndefined();
  });
});
