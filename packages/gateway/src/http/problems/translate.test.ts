import { BryggaError } from '@brygga/contract';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translateError } from './translate.ts';

describe('translateError', () => {
  it('keeps a BryggaError as it is', () => {
    const error = new BryggaError('conflict', {
      detail: 'Ärendet har ändrats.',
      headers: { 'Retry-After': '1' },
    });
    expect(translateError(error, 'sv')).toEqual({
      code: 'conflict',
      detail: 'Ärendet har ändrats.',
      extensions: {},
      headers: { 'Retry-After': '1' },
      expected: true,
    });
  });

  it('turns a ZodError into validation_failed with described errors', () => {
    const result = z.object({ name: z.string() }).safeParse({ name: 199001011234 });
    if (result.success) throw new Error('expected a failure');
    const translation = translateError(result.error, 'en');
    expect(translation.code).toBe('validation_failed');
    expect(translation.extensions).toEqual({
      errors: [
        { path: '/name', message: 'The value is missing or has the wrong type.', code: 'invalid_type' },
      ],
    });
  });

  it('recognises a ZodError from another copy of zod by its shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ZodError', issues: [] });
    expect(translateError(foreign, 'sv').code).toBe('validation_failed');
  });

  it('turns JSON syntax errors into malformed_json, and other syntax errors into internal_error', () => {
    let jsonError: unknown;
    try {
      JSON.parse('{"a":');
    } catch (error) {
      jsonError = error;
    }
    expect(translateError(jsonError, 'sv')).toMatchObject({ code: 'malformed_json', expected: true });
    const regexError = new SyntaxError('Invalid regular expression: /(/: Unterminated group');
    expect(translateError(regexError, 'sv')).toMatchObject({ code: 'internal_error', expected: false });
  });

  it("maps Hono's HTTPException by status and keeps a WWW-Authenticate challenge", () => {
    const res = new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="brygga"' } });
    expect(translateError(new HTTPException(401, { res }), 'sv')).toEqual({
      code: 'unauthenticated',
      headers: { 'WWW-Authenticate': 'Bearer realm="brygga"' },
      expected: true,
    });
    expect(translateError(new HTTPException(413), 'sv').code).toBe('payload_too_large');
    expect(translateError(new HTTPException(418), 'sv').code).toBe('bad_request');
    // 5xx by status too (502 is bad_gateway since the contract routes added it), and unexpected: logged.
    expect(translateError(new HTTPException(502), 'sv')).toMatchObject({
      code: 'bad_gateway',
      expected: false,
    });
    expect(translateError(new HTTPException(500), 'sv')).toMatchObject({
      code: 'internal_error',
      expected: false,
    });
  });

  it('turns anything else into internal_error, unexpected', () => {
    for (const thrown of [new Error('db password=hunter2'), 'a string', { code: 'not_found' }, undefined]) {
      expect(translateError(thrown, 'sv')).toEqual({ code: 'internal_error', headers: {}, expected: false });
    }
  });
});
