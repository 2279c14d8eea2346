import { describe, expect, it } from 'vitest';
import { canonicalJson, readIdempotencyKey, requestFingerprint } from './idempotency.ts';
import { ProblemError } from './problem.ts';

describe('requestFingerprint', () => {
  it('is the same for the same JSON in another key order', () => {
    const a = requestFingerprint('POST', '/api/v2/cases', { b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } });
    const b = requestFingerprint('post', '/api/v2/cases', { a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 });
    expect(a).toBe(b);
  });

  it('differs when the body, the path or array order differs', () => {
    const base = requestFingerprint('POST', '/api/v2/cases', { a: [1, 2] });
    expect(requestFingerprint('POST', '/api/v2/cases', { a: [2, 1] })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/cases', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v2/cases', { a: [1, 2], b: '' })).not.toBe(base);
  });

  it('writes canonical JSON', () => {
    expect(canonicalJson({ z: 'å', a: [true, null] })).toBe('{"a":[true,null],"z":"å"}');
  });
});

describe('readIdempotencyKey', () => {
  it('accepts visible ASCII, bare or quoted, and no header at all', () => {
    expect(readIdempotencyKey(undefined)).toBeUndefined();
    expect(readIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(readIdempotencyKey('"abc"')).toBe('abc');
  });

  it('refuses empty, too long or non-ASCII keys with a 400 problem', () => {
    for (const bad of ['', '""', 'a b', 'x'.repeat(256), 'nyckel-å']) {
      expect(() => readIdempotencyKey(bad), bad).toThrow(ProblemError);
    }
  });
});
