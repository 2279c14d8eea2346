import { describe, expect, it } from 'vitest';
import { formErrors, parseLoginForm } from './login-form.ts';
import { loa, supportedAcrValues } from './profile.ts';

const context = { fixtureSubjects: new Set(['sub-tolvan', 'sub-marta']), offeredAcr: supportedAcrValues };
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('parseLoginForm', () => {
  it('logs in a chosen test person at the chosen level', () => {
    expect(parseLoginForm(form({ person: 'sub-marta', outcome: 'success', acr: loa.loa2 }), context)).toEqual(
      {
        ok: true,
        outcome: 'success',
        who: { kind: 'fixture', subject: 'sub-marta' },
        acr: loa.loa2,
      },
    );
  });

  it('prefers a typed number over the chosen person, with default names', () => {
    const result = parseLoginForm(
      form({ person: 'sub-tolvan', personnummer: '850884-2385', outcome: 'success', acr: loa.loa3 }),
      context,
    );
    expect(result).toMatchObject({
      ok: true,
      who: {
        kind: 'typed',
        person: { givenName: 'Test', familyName: 'Testsson', number: { value: '198508842385' } },
      },
    });
  });

  it('takes typed names, trimmed and without control characters', () => {
    const result = parseLoginForm(
      form({
        personnummer: '198112189876',
        givenName: ' Åsa\u0007 ',
        familyName: 'Öst',
        outcome: 'success',
        acr: loa.loa3,
      }),
      context,
    );
    expect(result).toMatchObject({ ok: true, who: { person: { givenName: 'Åsa', familyName: 'Öst' } } });
  });

  it('never gives a wrong typed number back among the values to show again', () => {
    const result = parseLoginForm(
      form({ personnummer: '191212121213', givenName: 'Kim', outcome: 'success', acr: loa.loa3 }),
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ field: 'personnummer', message: formErrors.personnummerInvalid }]);
    expect(JSON.stringify(result.values)).not.toContain('121213');
    expect(result.values.givenName).toBe('Kim');
  });

  it('tells a badly shaped number apart from an invalid one', () => {
    const result = parseLoginForm(
      form({ personnummer: '12-34', outcome: 'success', acr: loa.loa3 }),
      context,
    );
    expect(!result.ok && result.errors).toEqual([
      { field: 'personnummer', message: formErrors.personnummerFormat },
    ]);
  });

  it('asks for a person when none is chosen or the choice is unknown', () => {
    for (const person of ['', 'sub-unknown']) {
      const result = parseLoginForm(form({ person, outcome: 'success', acr: loa.loa3 }), context);
      expect(!result.ok && result.errors).toEqual([{ field: 'person', message: formErrors.personMissing }]);
      expect(!result.ok && result.values.person).toBe('');
    }
  });

  it('refuses unknown outcomes, levels not offered and over-long names, all at once', () => {
    const result = parseLoginForm(
      form({ personnummer: '198112189876', givenName: 'x'.repeat(101), outcome: 'maybe', acr: loa.loa4 }),
      { ...context, offeredAcr: [loa.loa2] },
    );
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual(['outcome', 'acr', 'givenName']);
  });

  it('simulates a failure without needing a person', () => {
    expect(parseLoginForm(form({ outcome: 'expiredTransaction', personnummer: 'garbage' }), context)).toEqual(
      {
        ok: true,
        outcome: 'expiredTransaction',
      },
    );
  });
});
