import { describe, expect, it } from 'vitest';
import { checkIdentityNumber, readIdentityNumber } from './identity-number.ts';

const open = { allowCoordinationNumber: true };

describe('checkIdentityNumber', () => {
  it.each([
    ['191212121212', 'personnummer'],
    ['192407159827', 'personnummer'], // over 100 years old
    ['197010632391', 'samordningsnummer'], // day 63 = 3 + 60
  ])('accepts %s as a %s', (number, kind) => {
    expect(checkIdentityNumber(number, open)).toEqual({ ok: true, number, kind });
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['1212121212', 'malformed'], // 10 digits: a broker off the profile
    ['19121212-1212', 'malformed'],
    [' 191212121212', 'malformed'],
    [191212121212, 'malformed'],
    ['191212121213', 'invalid'], // Luhn
    ['199002301234', 'invalid'], // 30 February
    ['19121212T212', 'malformed'], // interim number
  ])('refuses %j as %s', (value, problem) => {
    expect(checkIdentityNumber(value, open)).toEqual({ ok: false, problem });
  });

  it('refuses a samordningsnummer when the provider may not give one', () => {
    expect(checkIdentityNumber('197010632391', { allowCoordinationNumber: false })).toEqual({
      ok: false,
      problem: 'coordination_number_not_allowed',
    });
  });
});

describe('readIdentityNumber', () => {
  const profile = {
    personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
    coordinationNumber: 'https://id.oidc.se/claim/coordinationNumber',
    allowCoordinationNumber: true,
  };

  it('reads the configured claim, and the samordningsnummer claim only when that is absent', () => {
    expect(readIdentityNumber({ [profile.personalIdentityNumber]: '191212121212' }, profile)).toMatchObject({
      ok: true,
      number: '191212121212',
    });
    expect(readIdentityNumber({ [profile.coordinationNumber]: '197010632391' }, profile)).toMatchObject({
      ok: true,
      kind: 'samordningsnummer',
    });
    // A personnummer where only a samordningsnummer belongs is not believed.
    expect(readIdentityNumber({ [profile.coordinationNumber]: '191212121212' }, profile)).toEqual({
      ok: false,
      problem: 'invalid',
    });
    expect(readIdentityNumber({ ssn: '191212121212' }, profile)).toEqual({ ok: false, problem: 'missing' });
  });

  it('reads ssn or nin as configured for a broker', () => {
    expect(
      readIdentityNumber(
        { ssn: '191212121212' },
        { personalIdentityNumber: 'ssn', allowCoordinationNumber: true },
      ),
    ).toMatchObject({ ok: true });
    expect(
      readIdentityNumber(
        { nin: '197010632391' },
        { personalIdentityNumber: 'nin', allowCoordinationNumber: false },
      ),
    ).toEqual({ ok: false, problem: 'coordination_number_not_allowed' });
  });
});
