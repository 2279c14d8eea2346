import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeCursor, encodeCursor, listQuerySchema } from './fields.ts';
import { toFieldIssues, toPointer } from './validation.ts';

describe('toFieldIssues', () => {
  it('never carries the input, even when an unknown key is a personal number', () => {
    const schema = z.strictObject({ name: z.string() });
    const result = schema.safeParse({ name: 191212121212, '191212121212': 'x' });
    const issues = toFieldIssues(result.error?.issues ?? []);
    expect(issues).toEqual([
      { pointer: '/name', reason: 'invalid_type' },
      { pointer: '', reason: 'unrecognized_keys' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('191212121212');
  });

  it('escapes JSON Pointer special characters', () => {
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    expect(toPointer([])).toBe('');
  });
});

describe('list query and cursor', () => {
  it('round-trips a cursor and refuses a forged one', () => {
    const cursor = { createdAt: '2026-01-01T00:00:00.000Z', id: 'abc' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
  });

  it('accepts limit and cursor only, limit 1 to 100', () => {
    expect(listQuerySchema.parse({ limit: '20' })).toEqual({ limit: 20 });
    for (const limit of ['0', '101', '-1', '1.5', 'ten']) {
      expect(listQuerySchema.safeParse({ limit }).success, limit).toBe(false);
    }
    expect(listQuerySchema.safeParse({ applicantPersonalNumber: '191212121212' }).success).toBe(false);
  });
});
