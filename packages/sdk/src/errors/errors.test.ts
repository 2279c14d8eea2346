import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BryggaApiError,
  ConflictError,
  ConnectionError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  VersionSunsetError,
} from './errors.ts';
import { errorFromResponse } from './from-response.ts';

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: `/problems/${code}`,
    title: `T ${code}.`,
    status,
    code,
    requestId: 'req-1',
    ...extra,
  });

const asProblem = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/problem+json; charset=utf-8', ...extra });

describe('errorFromResponse', () => {
  it.each([
    [400, 'bad_request', InvalidRequestError],
    [422, 'validation_failed', InvalidRequestError],
    [413, 'payload_too_large', InvalidRequestError],
    [401, 'unauthenticated', AuthenticationError],
    [403, 'forbidden', PermissionError],
    [404, 'case_not_found', NotFoundError],
    [409, 'duplicate_submission', ConflictError],
    [410, 'version_sunset', VersionSunsetError],
    [429, 'rate_limited', RateLimitError],
    [500, 'internal_error', ApiError],
    [503, 'service_unavailable', ApiError],
  ])('%i %s → %o', (status, code, ErrorClass) => {
    const error = errorFromResponse(status, asProblem(), problem(status, code));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      code,
      status,
      title: `T ${code}.`,
      requestId: 'req-1',
      name: ErrorClass.type,
    });
    expect(error.message).toBe(`T ${code}. [${code}, status ${status}, request req-1]`);
  });

  it('chooses VersionSunsetError by code too', () => {
    expect(errorFromResponse(400, asProblem(), problem(400, 'version_sunset'))).toBeInstanceOf(
      VersionSunsetError,
    );
  });

  it('keeps detail and extensions, and falls back to X-Request-Id', () => {
    const body = JSON.stringify({
      code: 'validation_failed',
      title: 'Några uppgifter saknas.',
      detail: 'Se fälten.',
      errors: [{ path: '/body/title', code: 'too_small', message: 'För kort.' }],
    });
    const error = errorFromResponse(422, asProblem({ 'x-request-id': 'hdr-1' }), body);
    expect(error.requestId).toBe('hdr-1');
    expect(error.detail).toBe('Se fälten.');
    // detail may come from a business system's adapter: a property to show, never part of what gets logged.
    expect(error.message).toBe('Några uppgifter saknas. [validation_failed, status 422, request hdr-1]');
    expect((error as InvalidRequestError).errors).toEqual([
      { path: '/body/title', code: 'too_small', message: 'För kort.' },
    ]);
  });

  it('describes a body that is not a problem document by status, as unexpected_response', () => {
    for (const body of ['<html>oops</html>', '', '[1]', 'null']) {
      const error = errorFromResponse(502, new Headers(), body);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'unexpected_response', title: 'HTTP 502', problem: undefined });
    }
  });
});

describe('errorFromResponse, not a problem document', () => {
  it('reads problem fields only from application/problem+json', () => {
    // E.g. a proxy's JSON in front of the gateway: its fields are not the gateway's.
    const body = JSON.stringify({
      code: 'version_sunset',
      title: 'Proxy says no',
      detail: 'x',
      requestId: 'p-1',
    });
    for (const headers of [
      new Headers({ 'content-type': 'application/json', 'x-request-id': 'hdr-2' }),
      new Headers({ 'x-request-id': 'hdr-2' }),
    ]) {
      const error = errorFromResponse(403, headers, body);
      expect(error).toBeInstanceOf(PermissionError);
      expect(error).toMatchObject({
        code: 'unexpected_response',
        title: 'HTTP 403',
        detail: undefined,
        requestId: 'hdr-2',
        problem: undefined,
      });
    }
  });
});

describe('is(): recognition across installs', () => {
  it('recognises the class and its subclasses, not siblings', () => {
    const timeout = new TimeoutError({ code: 'timeout', title: 't' });
    expect(TimeoutError.is(timeout)).toBe(true);
    expect(ConnectionError.is(timeout)).toBe(true);
    expect(BryggaApiError.is(timeout)).toBe(true);
    expect(ApiError.is(timeout)).toBe(false);
    expect(TimeoutError.is(new ConnectionError({ code: 'connection_error', title: 'c' }))).toBe(false);
    expect(BryggaApiError.is(new Error('x'))).toBe(false);
    expect(BryggaApiError.is(null)).toBe(false);
    expect(BryggaApiError.is({ code: 'not_found', status: 404 })).toBe(false);
  });

  it('works for an error made by another copy of the SDK, where instanceof does not', () => {
    // Another install has other classes but the same registered symbol and type names.
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('brygga.sdk.error'), {
      value: ['NotFoundError', 'BryggaApiError'],
    });
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(NotFoundError.is(foreign)).toBe(true);
    expect(BryggaApiError.is(foreign)).toBe(true);
    expect(ConflictError.is(foreign)).toBe(false);
  });
});
