import { describe, expect, it } from 'vitest';
import { isPersonalNumber, maskPersonalNumber, normalisePersonalNumber } from './personal-number.ts';

describe('normalisePersonalNumber', () => {
  it('accepts 12 digits with or without the hyphen and returns 12 digits', () => {
    expect(normalisePersonalNumber('19121212-1212')).toBe('191212121212');
    expect(normalisePersonalNumber('191212121212')).toBe('191212121212');
    expect(normalisePersonalNumber('19850709-1232')).toBe('198507091232');
  });

  it('accepts a leap day and a samordningsnummer (day of birth plus 60)', () => {
    expect(normalisePersonalNumber('20080229-1237')).toBe('200802291237');
    expect(normalisePersonalNumber('19121272-1235')).toBe('191212721235');
  });

  it('refuses a wrong check digit', () => {
    expect(normalisePersonalNumber('19121212-1213')).toBeUndefined();
    expect(normalisePersonalNumber('19850709-1231')).toBeUndefined();
  });

  it('refuses dates that do not exist', () => {
    // Check digits here are right for the digits, so only the date can be the reason.
    expect(normalisePersonalNumber('19950229-1231')).toBeUndefined();
    expect(normalisePersonalNumber('19851309-1234')).toBeUndefined();
    expect(normalisePersonalNumber('19121200-1216')).toBeUndefined();
  });

  it('refuses the ambiguous 10-digit form and anything else', () => {
    expect(normalisePersonalNumber('121212-1212')).toBeUndefined();
    expect(normalisePersonalNumber('1212121212')).toBeUndefined();
    expect(normalisePersonalNumber('19121212+1212')).toBeUndefined();
    expect(normalisePersonalNumber(' 191212121212')).toBeUndefined();
    expect(isPersonalNumber('')).toBe(false);
  });
});

describe('maskPersonalNumber', () => {
  it('keeps the date of birth and hides the last four digits', () => {
    expect(maskPersonalNumber('191212121212')).toBe('19121212-****');
  });
});
