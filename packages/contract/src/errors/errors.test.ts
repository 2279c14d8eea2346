import { describe, expect, it } from 'vitest';
import { BryggaError, buildProblem, errorCatalogue, errorCodes, isErrorCode } from './index.ts';

describe('error catalogue', () => {
  it('gives every code a Swedish and an English title that differ and end like a sentence', () => {
    for (const code of errorCodes) {
      const { sv, en } = errorCatalogue[code].title;
      expect(sv, code).toMatch(/[.!]$/);
      expect(en, code).toMatch(/[.!]$/);
      expect(sv, code).not.toBe(en);
    }
  });

  it('uses HTTP error statuses only', () => {
    for (const code of errorCodes) {
      expect(errorCatalogue[code].status).toBeGreaterThanOrEqual(400);
      expect(errorCatalogue[code].status).toBeLessThan(600);
    }
  });

  it('recognises its own codes and nothing else', () => {
    expect(isErrorCode('not_found')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });
});

describe('BryggaError', () => {
  it('carries code, status and cause, and is recognised by brand', () => {
    const cause = new Error('socket hang up');
    const error = new BryggaError('service_unavailable', { cause, headers: { 'retry-after': '5' } });
    expect(error.code).toBe('service_unavailable');
    expect(error.status).toBe(503);
    expect(error.cause).toBe(cause);
    expect(BryggaError.is(error)).toBe(true);
    expect(BryggaError.is(new Error('x'))).toBe(false);
    expect(BryggaError.is({ code: 'not_found' })).toBe(false);
  });
});

describe('buildProblem', () => {
  it('builds an RFC 9457 document in the requested language', () => {
    const problem = buildProblem({ code: 'not_found', language: 'sv', requestId: 'r1', instance: '/x' });
    expect(problem).toEqual({
      type: '/problems/not-found',
      title: 'Sidan eller resursen finns inte.',
      status: 404,
      instance: '/x',
      code: 'not_found',
      requestId: 'r1',
    });
  });

  it('never lets an extension overwrite a standard member', () => {
    const problem = buildProblem({
      code: 'bad_request',
      language: 'en',
      extensions: { status: 200, title: 'hijack', code: 'x', errors: [1] },
    });
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('The request could not be understood.');
    expect(problem.code).toBe('bad_request');
    expect(problem.errors).toEqual([1]);
  });
});
