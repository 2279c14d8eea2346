import { describe, expect, it } from 'vitest';
import { ageOn, displayForm, parseIdentityNumber } from './identity-number.ts';

describe('parseIdentityNumber', () => {
  it.each([
    ['191212121212', '191212121212'],
    ['19121212-1212', '191212121212'],
    ['121212+1212', '191212121212'],
    [' 19121212 1212 ', '191212121212'],
    ['811218-9876', '198112189876'],
  ])('normalises %s to 12 digits', (input, value) => {
    const result = parseIdentityNumber(input);
    expect(result).toEqual({ ok: true, number: expect.objectContaining({ value, kind: 'personnummer' }) });
  });

  it('knows a samordningsnummer and takes 60 off the day for the birthdate', () => {
    expect(parseIdentityNumber('701063-2391')).toEqual({
      ok: true,
      number: { value: '197010632391', kind: 'samordningsnummer', birthdate: '1970-10-03' },
    });
  });

  it('gives the birthdate of a personnummer as written', () => {
    const result = parseIdentityNumber('191212121212');
    expect(result.ok && result.number.birthdate).toBe('1912-12-12');
  });

  it.each(['', '12345', '19121212-12', 'abcdefghijkl', '1912121212121', '19121212_1212'])(
    'calls %j the wrong format',
    (input) => {
      expect(parseIdentityNumber(input)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it.each(['191212121213', '19121312-1212', '191202301212'])(
    'calls %s invalid (check digit or date)',
    (input) => {
      expect(parseIdentityNumber(input)).toEqual({ ok: false, reason: 'invalid' });
    },
  );
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1912-12-12', '2026-12-11')).toBe(113);
    expect(ageOn('1912-12-12', '2026-12-12')).toBe(114);
    expect(ageOn('2010-03-05', '2026-01-01')).toBe(15);
  });
});

describe('displayForm', () => {
  it('puts the hyphen before the last four digits', () => {
    expect(displayForm('191212121212')).toBe('19121212-1212');
  });
});
