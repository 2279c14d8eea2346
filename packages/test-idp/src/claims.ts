import type { KnownPerson } from './persons.ts';
import { type ClaimStyle, claimNames } from './profile.ts';

/** Where oidc-provider is about to put the claims. */
export type ClaimUse = 'id_token' | 'userinfo';

export interface PersonClaimsInput {
  readonly person: KnownPerson;
  readonly style: ClaimStyle;
  readonly use: ClaimUse;
  /** The members the client asked for with the `claims` parameter, for this use (may be empty). */
  readonly requested: Readonly<Record<string, unknown>>;
}

const nameClaims = ['name', 'given_name', 'family_name', 'birthdate'] as const;

/**
 * The claims a person has for one use, in the client's broker style. Pure. oidc-provider then keeps only what
 * the granted scopes and `claims` parameter allow, so this decides *which claim name* and *where*, not *whether*.
 *
 * - `oidc-sweden`: the number in the ID token and userinfo (as the naturalPersonNumber scope defines); names
 *   in userinfo, and in the ID token only when asked for there; `coordinationNumberLevel` only when asked for.
 * - `ssn` (Criipto/Idura): `ssn` and names in the ID token and userinfo.
 * - `nin` (Signicat's default): `nin`, `nin_type`, `nin_issuing_country` and names from userinfo only.
 */
export function personClaims(input: PersonClaimsInput): Record<string, string> {
  const { person, style, use, requested } = input;
  const { number } = person;
  const names: Record<(typeof nameClaims)[number], string> = {
    name: `${person.givenName} ${person.familyName}`,
    given_name: person.givenName,
    family_name: person.familyName,
    birthdate: number.birthdate,
  };
  const claims: Record<string, string> = {};

  switch (style) {
    case 'oidc-sweden': {
      const numberClaim =
        number.kind === 'samordningsnummer'
          ? claimNames.coordinationNumber
          : claimNames.personalIdentityNumber;
      claims[numberClaim] = number.value;
      if (person.coordinationNumberLevel !== undefined && claimNames.coordinationNumberLevel in requested) {
        claims[claimNames.coordinationNumberLevel] = person.coordinationNumberLevel;
      }
      for (const claim of nameClaims) {
        if (use === 'userinfo' || claim in requested) claims[claim] = names[claim];
      }
      break;
    }
    case 'ssn':
      claims.ssn = number.value;
      Object.assign(claims, names);
      break;
    case 'nin':
      if (use === 'userinfo') {
        // Signicat reports `PERSON` for a Swedish BankID holder; it documents no separate type for a
        // samordningsnummer, so this emulation uses `PERSON` for both.
        Object.assign(claims, { nin: number.value, nin_type: 'PERSON', nin_issuing_country: 'SE' }, names);
      }
      break;
  }
  return claims;
}
