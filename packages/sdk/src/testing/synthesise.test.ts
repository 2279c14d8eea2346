import { describe, expect, it } from 'vitest';
import { ExampleSynthesisError, exampleFromSchema } from './synthesise.ts';

describe('exampleFromSchema', () => {
  it('prefers const, examples, default and the first enum value', () => {
    expect(exampleFromSchema({ const: 'x', type: 'string' })).toBe('x');
    expect(exampleFromSchema({ examples: ['e1', 'e2'], type: 'string' })).toBe('e1');
    expect(exampleFromSchema({ default: 20, type: 'integer' })).toBe(20);
    expect(exampleFromSchema({ enum: ['bygglov', 'marklov'] })).toBe('bygglov');
  });

  it('fills every property of objects, one item of arrays, and the non-null side of nullable types', () => {
    const schema = {
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'string', format: 'date-time' } },
        pair: { type: 'array', prefixItems: [{ type: 'boolean' }, { type: 'null' }] },
        next: { type: ['string', 'null'] },
        either: { anyOf: [{ type: 'null' }, { type: 'number', minimum: 3 }] },
        count: { type: 'integer', exclusiveMinimum: 0, maximum: 50 },
        ref: { $ref: '#/$defs/thing' },
        anything: {},
      },
      $defs: { thing: { type: 'string', minLength: 10 } },
    };
    expect(exampleFromSchema(schema)).toEqual({
      list: ['2026-11-20T09:30:00Z'],
      pair: [true, null],
      next: 'example',
      either: 3,
      count: 1,
      ref: 'examplexxx',
      anything: null,
    });
  });

  it('checks strings against the pattern and tries other candidates', () => {
    expect(exampleFromSchema({ type: 'string', pattern: '^[A-Z]+-\\d$' })).toBe('EXAMPLE-1');
    expect(exampleFromSchema({ type: 'string', format: 'email', pattern: '^[^@]+@[^@]+$' })).toBe(
      'test@example.se',
    );
  });

  it('names the place it cannot fill, so the vendor knows which example to give', () => {
    const schema = {
      type: 'object',
      properties: { property: { type: 'string', pattern: '^[A-ZÅÄÖ]+ \\d+:\\d+$' } },
    };
    expect(() => exampleFromSchema(schema, schema, ['getProperty'])).toThrow(ExampleSynthesisError);
    expect(() => exampleFromSchema(schema, schema, ['getProperty'])).toThrow(
      /at getProperty\.property: no built-in string/,
    );
  });
});
