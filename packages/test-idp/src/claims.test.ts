import { describe, expect, it } from 'vitest';
import { personClaims } from './claims.ts';
import { defaultTestPersons, toKnownPerson } from './persons.ts';
import { claimNames } from './profile.ts';

const [tolvan, , , , sami] = defaultTestPersons.map(toKnownPerson);
if (!tolvan || !sami) throw new Error('fixtures changed');
const names = {
  name: 'Tolvan Tolvansson',
  given_name: 'Tolvan',
  family_name: 'Tolvansson',
  birthdate: '1912-12-12',
};

describe('personClaims', () => {
  it('oidc-sweden: number in both places, names in userinfo only unless asked for in the ID token', () => {
    expect(personClaims({ person: tolvan, style: 'oidc-sweden', use: 'id_token', requested: {} })).toEqual({
      [claimNames.personalIdentityNumber]: '191212121212',
    });
    expect(personClaims({ person: tolvan, style: 'oidc-sweden', use: 'userinfo', requested: {} })).toEqual({
      [claimNames.personalIdentityNumber]: '191212121212',
      ...names,
    });
    expect(
      personClaims({
        person: tolvan,
        style: 'oidc-sweden',
        use: 'id_token',
        requested: { given_name: null },
      }),
    ).toEqual({ [claimNames.personalIdentityNumber]: '191212121212', given_name: 'Tolvan' });
  });

  it('oidc-sweden: a samordningsnummer goes in coordinationNumber, with its level only when asked for', () => {
    const plain = personClaims({ person: sami, style: 'oidc-sweden', use: 'id_token', requested: {} });
    expect(plain).toEqual({ [claimNames.coordinationNumber]: '197010632391' });
    const withLevel = personClaims({
      person: sami,
      style: 'oidc-sweden',
      use: 'id_token',
      requested: { [claimNames.coordinationNumberLevel]: null },
    });
    expect(withLevel[claimNames.coordinationNumberLevel]).toBe('confirmed');
    expect(withLevel[claimNames.personalIdentityNumber]).toBeUndefined();
  });

  it('ssn: number and names in the ID token and userinfo', () => {
    for (const use of ['id_token', 'userinfo'] as const) {
      expect(personClaims({ person: tolvan, style: 'ssn', use, requested: {} })).toEqual({
        ssn: '191212121212',
        ...names,
      });
    }
  });

  it('nin: nothing in the ID token, everything from userinfo', () => {
    expect(personClaims({ person: tolvan, style: 'nin', use: 'id_token', requested: {} })).toEqual({});
    expect(personClaims({ person: tolvan, style: 'nin', use: 'userinfo', requested: {} })).toEqual({
      nin: '191212121212',
      nin_type: 'PERSON',
      nin_issuing_country: 'SE',
      ...names,
    });
  });
});
