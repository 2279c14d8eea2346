import { describe, expect, it } from 'vitest';
import { normalisePersonnummer } from './personnummer.ts';

/** Luhn over the last ten digits, written out here so the test does not trust the library it checks. */
function luhnValid(twelve: string): boolean {
  const digits = twelve.slice(2).split('').map(Number);
  const sum = digits.reduce((total, digit, index) => {
    const doubled = index % 2 === 0 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

describe('normalisePersonnummer', () => {
  it('turns every written form of one number into the same 12 digits', () => {
    for (const written of ['198507099805', '8507099805', '850709-9805', '19850709-9805', ' 850709-9805 ']) {
      expect(normalisePersonnummer(written), written).toBe('198507099805');
    }
    expect(luhnValid('198507099805')).toBe(true);
  });

  it('accepts samordningsnummer (day + 60)', () => {
    expect(normalisePersonnummer('850769-9802')).toBe('198507699802');
    expect(normalisePersonnummer('198507699802')).toBe('198507699802');
    expect(luhnValid('198507699802')).toBe(true);
  });

  it('reads + as 100 years or more, which decides the century of a 10-digit number', () => {
    expect(normalisePersonnummer('121212+1212')).toBe('191212121212');
    expect(normalisePersonnummer('19121212-1212')).toBe('191212121212');
  });

  it('refuses wrong check digits, impossible dates, other shapes and interim numbers', () => {
    for (const wrong of [
      '198507099806',
      '850709-9804',
      '19850732-9805',
      '8507099805x',
      '85070-99805',
      '850709 9805',
      '',
      '19850709T805',
      '123',
    ]) {
      expect(normalisePersonnummer(wrong), wrong).toBeUndefined();
    }
  });
});
