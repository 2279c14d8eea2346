import { describe, expect, it } from 'vitest';
import { postgresTypes } from './postgres-types.ts';

const parse = (oid: number, text: string): unknown =>
  (postgresTypes.getTypeParser(oid, 'text') as (value: string) => unknown)(text);

describe('postgresTypes', () => {
  it('reads integers as numbers, and bigints beyond 2^53 as bigint', () => {
    expect(parse(23, '-42')).toBe(-42);
    expect(parse(20, '123456789012345')).toBe(123456789012345);
    expect(parse(20, '9007199254740991')).toBe(9007199254740991);
    expect(parse(20, '9007199254740993')).toBe(9007199254740993n);
    expect(parse(20, '-9223372036854775808')).toBe(-9223372036854775808n);
  });

  it('reads booleans as 1/0 and floats as numbers', () => {
    expect(parse(16, 't')).toBe(1);
    expect(parse(16, 'f')).toBe(0);
    expect(parse(701, '1e+300')).toBe(1e300);
    expect(parse(701, '-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('reads bytea (hex and escape output) as a plain Uint8Array', () => {
    const hex = parse(17, '\\x00ff10');
    expect(hex).toStrictEqual(new Uint8Array([0, 255, 16]));
    expect(Object.getPrototypeOf(hex)).toBe(Uint8Array.prototype);
    expect(parse(17, '\\x')).toStrictEqual(new Uint8Array([]));
    expect(parse(17, 'a\\000b')).toStrictEqual(new Uint8Array([97, 0, 98]));
  });

  it('leaves numeric, timestamps, uuid and json as the text PostgreSQL printed', () => {
    expect(parse(1700, '12345678901234567890.123')).toBe('12345678901234567890.123');
    expect(parse(1184, '2026-11-01 12:00:00+00')).toBe('2026-11-01 12:00:00+00');
    expect(parse(3802, '{"a": 1}')).toBe('{"a": 1}');
    expect(parse(2950, '8d3f8e8e-0000-4000-8000-000000000000')).toBe('8d3f8e8e-0000-4000-8000-000000000000');
  });
});
