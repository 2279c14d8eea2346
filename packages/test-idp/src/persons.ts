import { type IdentityNumber, parseIdentityNumber } from './identity-number.ts';

export type CoordinationNumberLevel = 'confirmed' | 'probable' | 'uncertain';

/** A made-up person the IdP can log in as. Fixtures only: never a real person's number or name. */
export interface TestPerson {
  /** Any form `parseIdentityNumber` accepts; stored as 12 digits. */
  readonly personnummer: string;
  readonly givenName: string;
  readonly familyName: string;
  /** Only for a samordningsnummer: how well the holder's identity was established when it was issued. */
  readonly coordinationNumberLevel?: CoordinationNumberLevel;
}

/** A test person after validation, with the number parsed once. */
export interface KnownPerson {
  readonly number: IdentityNumber;
  readonly givenName: string;
  readonly familyName: string;
  readonly coordinationNumberLevel?: CoordinationNumberLevel;
}

/**
 * The picker's default persons. 191212121212 is the conventional example number; the others are chosen to
 * cover what a claim mapping must handle: a person over 100 (written with `+` in the 10-digit form), a child, a
 * samordningsnummer, and names with å, ä and ö.
 */
export const defaultTestPersons: readonly TestPerson[] = [
  { personnummer: '191212121212', givenName: 'Tolvan', familyName: 'Tolvansson' },
  { personnummer: '198112189876', givenName: 'Märta', familyName: 'Åkesson' },
  { personnummer: '192407159827', givenName: 'Greta', familyName: 'Öberg' },
  { personnummer: '201003059886', givenName: 'Lilly', familyName: 'Tolvansson' },
  {
    personnummer: '197010632391',
    givenName: 'Sami',
    familyName: 'Samordnare',
    coordinationNumberLevel: 'confirmed',
  },
];

const maxNameLength = 100;

/** Validates a configured person; a bad fixture is a configuration error, so this throws. */
export function toKnownPerson(person: TestPerson): KnownPerson {
  const parsed = parseIdentityNumber(person.personnummer);
  // The message names the person, never the number: configuration errors end up in logs.
  const who = `${person.givenName} ${person.familyName}`;
  if (!parsed.ok)
    throw new TypeError(`Test person ${who}: the personnummer is not valid (${parsed.reason}).`);
  for (const name of [person.givenName, person.familyName]) {
    if (typeof name !== 'string' || name.trim() === '' || name.length > maxNameLength) {
      throw new TypeError(`Test person ${who}: names must be 1-${maxNameLength} characters.`);
    }
  }
  if (person.coordinationNumberLevel !== undefined && parsed.number.kind !== 'samordningsnummer') {
    throw new TypeError(`Test person ${who}: coordinationNumberLevel only applies to a samordningsnummer.`);
  }
  return {
    number: parsed.number,
    givenName: person.givenName.trim(),
    familyName: person.familyName.trim(),
    ...(person.coordinationNumberLevel === undefined
      ? {}
      : { coordinationNumberLevel: person.coordinationNumberLevel }),
  };
}
