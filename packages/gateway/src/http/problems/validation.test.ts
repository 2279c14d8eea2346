import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, maxValidationErrors } from './validation.ts';

const schema = z.strictObject({
  name: z.string().min(2),
  age: z.number().max(130),
  email: z.email(),
  kind: z.enum(['a', 'b']),
  scores: z.record(z.string(), z.number()),
  'a/b~c': z.string(),
  code: z.string().refine((value) => value === 'ok', { message: 'Koden stämmer inte.' }),
});

const input = {
  name: 'A',
  age: 199001011234,
  email: '19900101-1234',
  kind: '900101-1234',
  scores: { '199001011234': 'x' },
  'a/b~c': 1,
  code: '9001011234',
  extra: 'Anna',
};

function issuesOf(value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues;
}

describe('describeIssues', () => {
  it('names each invalid field by JSON Pointer, in plain Swedish, without the rejected values', () => {
    const items = describeIssues(issuesOf(input), 'sv');
    expect(items).toEqual([
      { path: '/name', message: 'Texten är för kort. Minst 2 tecken.', code: 'too_small' },
      { path: '/age', message: 'Värdet är för stort. Högst 130.', code: 'too_big' },
      { path: '/email', message: 'Skriv en giltig e-postadress.', code: 'invalid_format' },
      { path: '/kind', message: 'Värdet är inte ett av de tillåtna.', code: 'invalid_value' },
      {
        path: '/scores/[personnummer]',
        message: 'Uppgiften saknas eller har fel typ.',
        code: 'invalid_type',
      },
      { path: '/a~1b~0c', message: 'Uppgiften saknas eller har fel typ.', code: 'invalid_type' },
      { path: '/code', message: 'Koden stämmer inte.', code: 'custom' },
      { path: '/extra', message: 'Uppgiften är inte tillåten här.', code: 'unrecognized_keys' },
    ]);
    const text = JSON.stringify(items);
    for (const value of ['199001011234', '1234', 'Anna']) expect(text).not.toContain(value);
  });

  it('speaks English when asked', () => {
    const items = describeIssues(issuesOf({ ...input, name: 'Anna' }), 'en');
    expect(items[0]).toEqual({
      path: '/age',
      message: 'The value is too large. At most 130.',
      code: 'too_big',
    });
  });

  it('masks a custom message that quotes the input', () => {
    const quoting = z.string().refine(() => false, { message: 'Nummer 19900101-1234 är spärrat.' });
    const result = quoting.safeParse('x');
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(describeIssues(result.error.issues, 'sv')[0]?.message).toBe('Nummer [personnummer] är spärrat.');
    }
  });

  it('uses the empty pointer for the body as a whole and caps the number of entries', () => {
    const many = z.array(z.string()).safeParse(Array.from({ length: 500 }, (_, index) => index));
    expect(many.success).toBe(false);
    if (!many.success) expect(describeIssues(many.error.issues, 'sv')).toHaveLength(maxValidationErrors);
    const whole = z.object({}).safeParse('x');
    if (!whole.success) expect(describeIssues(whole.error.issues, 'en')[0]?.path).toBe('');
  });
});
