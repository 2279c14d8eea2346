import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPersonalData, personalData, personalDataPaths } from './personal-data.ts';
import { arrayItems, editObjectAt, renameField } from './schema-edit.ts';
import { objectMode } from './schema-walk.ts';

const list = z
  .object({
    cases: z
      .array(z.object({ title: personalData(z.string()), status: z.string() }))
      .max(2)
      .optional()
      .describe('The cases'),
  })
  .describe('A page');

describe('editObjectAt', () => {
  it('replaces a nested object and keeps checks, wrappers and metadata above it', () => {
    const edited = editObjectAt(list, ['cases', arrayItems], (item) => renameField(item, 'title', 'subject'));
    const item = { subject: 'a', status: 's' };
    expect(edited.safeParse({ cases: [item] })).toEqual({ success: true, data: { cases: [item] } });
    expect(edited.safeParse({ cases: [item, item, item] }).success).toBe(false); // .max(2) kept
    expect(edited.safeParse({}).success).toBe(true); // .optional() kept
    expect(edited.description).toBe('A page');
    expect(z.toJSONSchema(edited)).toMatchObject({ properties: { cases: { description: 'The cases' } } });
    expect(personalDataPaths(edited)).toEqual(['$.cases[*].subject']);
    // The original is untouched.
    expect(list.safeParse({ cases: [{ title: 'a', status: 's' }] }).success).toBe(true);
  });

  it('keeps the object mode of every level', () => {
    const strict = z.strictObject({ inner: z.strictObject({ a: z.string() }) });
    const edited = editObjectAt(strict, ['inner'], (inner) => inner.extend({ b: z.string() }));
    expect(objectMode(edited as z.ZodObject)).toBe('strict');
    expect(edited.safeParse({ inner: { a: 'a', b: 'b', c: 'c' } }).success).toBe(false);
  });

  it('explains a path that does not fit the schema', () => {
    expect(() => editObjectAt(list, ['missing'], (o) => o)).toThrow(
      'editObjectAt: no property "missing" at (root)',
    );
    expect(() => editObjectAt(list, ['cases', 'title'], (o) => o)).toThrow(
      'editObjectAt: expected "[]" at cases',
    );
    expect(() => editObjectAt(z.string(), [], (o) => o)).toThrow(
      'editObjectAt: cannot step into a string schema at (root)',
    );
  });
});

describe('renameField', () => {
  it('moves the field schema, marks included', () => {
    const renamed = renameField(z.object({ title: personalData(z.string()) }), 'title', 'subject');
    expect(Object.keys(renamed.shape)).toEqual(['subject']);
    expect(isPersonalData(renamed.shape.subject as z.ZodType)).toBe(true);
  });

  it('refuses to overwrite or invent', () => {
    const object = z.object({ a: z.string(), b: z.string() });
    expect(() => renameField(object, 'a', 'b')).toThrow('property "b" already exists');
    expect(() => renameField(object, 'c', 'd')).toThrow('no property "c"');
  });
});
