import { describe, expect, it } from 'vitest';
import type { SqlValue } from './types.ts';
import { checkParams, fromSqliteRow, integerFromBigInt, toPostgresParams, toSqliteParams } from './values.ts';

describe('checkParams', () => {
  it('accepts every SqlValue type', () => {
    expect(() => checkParams(['a', 1, 1.5, 2n, true, null, new Uint8Array([1])], 7)).not.toThrow();
  });

  it('refuses a count mismatch, NaN and non-SqlValue values without echoing them', () => {
    expect(() => checkParams(['a'], 2)).toThrow(expect.objectContaining({ code: 'internal_error' }));
    expect(() => checkParams([Number.NaN], 1)).toThrow(expect.objectContaining({ code: 'internal_error' }));
    for (const value of [undefined, { name: '199001011234' }, new Date(), ['x']]) {
      let thrown: unknown;
      try {
        checkParams([value as unknown as SqlValue], 1);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'internal_error' });
      expect(String((thrown as Error).cause)).not.toContain('199001011234');
    }
  });
});

describe('value conversion', () => {
  it('binds booleans as 1/0 and integral numbers as SQLite integers', () => {
    expect(toSqliteParams([true, false, 5, 1.5, 2n ** 60n, 'x', null])).toEqual([
      1n,
      0n,
      5n,
      1.5,
      2n ** 60n,
      'x',
      null,
    ]);
    expect(toPostgresParams([true, false, 5, 'x'])).toEqual([1, 0, 5, 'x']);
  });

  it('turns safe bigints into numbers and keeps the rest as bigint', () => {
    expect(integerFromBigInt(9007199254740991n)).toBe(9007199254740991);
    expect(integerFromBigInt(-9007199254740991n)).toBe(-9007199254740991);
    expect(integerFromBigInt(9007199254740992n)).toBe(9007199254740992n);
    expect(integerFromBigInt(-9007199254740992n)).toBe(-9007199254740992n);
  });

  it('turns a null-prototype SQLite row into an ordinary object', () => {
    const raw = Object.assign(Object.create(null) as Record<string, unknown>, {
      id: 3n,
      name: 'Åsa',
      big: 2n ** 62n,
    });
    const row = fromSqliteRow(raw);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toStrictEqual({ id: 3, name: 'Åsa', big: 2n ** 62n });
  });
});
