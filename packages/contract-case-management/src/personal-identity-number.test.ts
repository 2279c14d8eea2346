import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit } from './personal-identity-number.ts';

describe('hasValidCheckDigit', () => {
  it('accepts Skatteverket test numbers and rejects a changed check digit', () => {
    expect(hasValidCheckDigit('191212121212')).toBe(true);
    expect(hasValidCheckDigit('198112189876')).toBe(true);
    expect(hasValidCheckDigit('191212121213')).toBe(false);
  });

  it('accepts a samordningsnummer (day + 60)', () => {
    expect(hasValidCheckDigit('197010632391')).toBe(true);
  });

  it('refuses other forms', () => {
    expect(hasValidCheckDigit('19121212-1212')).toBe(false);
    expect(hasValidCheckDigit('1212121212')).toBe(false);
    expect(hasValidCheckDigit('181212121212')).toBe(false);
  });
});
