import { describe, expect, it } from 'vitest';
import { parseIdentityNumber } from './identity-number.ts';
import { PersonRegistry } from './person-registry.ts';
import { defaultTestPersons, type KnownPerson, toKnownPerson } from './persons.ts';
import { deriveSubject } from './subject.ts';

const key = Buffer.alloc(32, 7);

function typed(number: string, givenName = 'Test'): KnownPerson {
  const parsed = parseIdentityNumber(number);
  if (!parsed.ok) throw new Error('bad fixture');
  return { number: parsed.number, givenName, familyName: 'Testsson' };
}

describe('deriveSubject', () => {
  it('is stable per key, differs between keys, and never shows the number', () => {
    const a = deriveSubject(key, '191212121212');
    expect(deriveSubject(key, '191212121212')).toBe(a);
    expect(deriveSubject(Buffer.alloc(32, 8), '191212121212')).not.toBe(a);
    expect(deriveSubject(key, '198112189876')).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('1212');
  });
});

describe('PersonRegistry', () => {
  const fixtures = defaultTestPersons.map(toKnownPerson);

  it('lists the fixtures in configuration order with their sub', () => {
    const registry = new PersonRegistry(key, fixtures);
    const listed = registry.fixtures();
    expect(listed.map(({ person }) => person.number.value)).toEqual(
      fixtures.map((person) => person.number.value),
    );
    expect(listed[0]?.subject).toBe(deriveSubject(key, '191212121212'));
  });

  it('finds a typed person by sub', () => {
    const registry = new PersonRegistry(key, fixtures);
    const subject = registry.register(typed('198508842385'));
    expect(registry.find(subject)?.number.value).toBe('198508842385');
  });

  it('keeps a fixture as configured when its number is typed', () => {
    const registry = new PersonRegistry(key, fixtures);
    const subject = registry.register(typed('191212121212', 'Someone Else'));
    expect(registry.find(subject)?.givenName).toBe('Tolvan');
  });

  it('forgets the least recently used typed person beyond its limit, never a fixture', () => {
    const registry = new PersonRegistry(key, fixtures, 2);
    const first = registry.register(typed('198508842385'));
    const second = registry.register(typed('199903619873'));
    registry.register(typed('198508842385'));
    const third = registry.register(typed('200101012383'));
    expect(registry.find(second)).toBeUndefined();
    expect(registry.find(first)).toBeDefined();
    expect(registry.find(third)).toBeDefined();
    expect(registry.fixtures()).toHaveLength(fixtures.length);
  });
});

describe('toKnownPerson', () => {
  it('refuses an invalid number without putting it in the message', () => {
    expect(() => toKnownPerson({ personnummer: '191212121213', givenName: 'A', familyName: 'B' })).toThrow(
      /^(?!.*121213).*not valid/,
    );
  });

  it('refuses a coordination level on a personnummer, and empty names', () => {
    expect(() =>
      toKnownPerson({
        personnummer: '191212121212',
        givenName: 'A',
        familyName: 'B',
        coordinationNumberLevel: 'confirmed',
      }),
    ).toThrow(/coordinationNumberLevel/);
    expect(() => toKnownPerson({ personnummer: '191212121212', givenName: ' ', familyName: 'B' })).toThrow(
      /names/,
    );
  });

  it('covers what a claim mapping must handle in the default persons', () => {
    const known = defaultTestPersons.map(toKnownPerson);
    expect(known.some((person) => person.number.kind === 'samordningsnummer')).toBe(true);
    expect(known.some((person) => person.number.birthdate < '1926-01-01')).toBe(true);
    expect(known.some((person) => person.number.birthdate > '2009-01-01')).toBe(true);
  });
});
