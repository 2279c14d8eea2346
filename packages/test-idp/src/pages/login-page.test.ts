import { describe, expect, it } from 'vitest';
import { formErrors } from '../login-form.ts';
import { defaultTestPersons, toKnownPerson } from '../persons.ts';
import { loa, supportedAcrValues } from '../profile.ts';
import { personLabel, renderLoginPage } from './login-page.ts';

const persons = defaultTestPersons.map((person, index) => ({
  subject: `sub-${index}`,
  person: toKnownPerson(person),
}));
const model = {
  uid: 'uid-1',
  clientName: 'Bygglov <ansökan>',
  persons,
  offeredAcr: supportedAcrValues,
  preselectedAcr: loa.loa3,
  today: '2026-11-27',
};

/** Every input, select and button control's id, and the `for` of every label. */
function ids(html: string) {
  const controls = [...html.matchAll(/<(?:input|select)(?![^>]*type="hidden")[^>]* id="([^"]+)"/g)].map(
    (m) => m[1],
  );
  const labels = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
  return { controls, labels };
}

describe('renderLoginPage', () => {
  it('is Swedish with English marked as English, and says it is not for production', () => {
    const html = renderLoginPage(model);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<span class="en" lang="en">Log in with test BankID</span>');
    expect(html).toContain('aldrig i produktion');
    expect(html).not.toContain('<script');
  });

  it('labels every control', () => {
    const { controls, labels } = ids(renderLoginPage(model));
    expect(controls.length).toBeGreaterThan(8);
    for (const id of controls) expect(labels.has(id), `label for ${id}`).toBe(true);
  });

  it('escapes the client name', () => {
    expect(renderLoginPage(model)).toContain('Bygglov &lt;ansökan&gt;');
  });

  it('links each error from a summary to its field and marks the field invalid', () => {
    const html = renderLoginPage({
      ...model,
      values: { person: '', givenName: '', familyName: '', outcome: 'success', acr: loa.loa3 },
      errors: [{ field: 'personnummer', message: formErrors.personnummerInvalid }],
    });
    expect(html).toContain('<title>Fel: Logga in');
    expect(html).toMatch(/class="error-summary" role="alert" tabindex="-1" autofocus/);
    expect(html).toContain('<a href="#personnummer">');
    expect(html).toContain('id="personnummer-error"');
    expect(html).toMatch(
      /id="personnummer"[^>]*aria-describedby="personnummer-hint personnummer-error"[^>]* aria-invalid="true"/,
    );
    expect(html).toMatch(/id="personnummer"[^>]* value=""/);
  });

  it('keeps the earlier choices after an error', () => {
    const html = renderLoginPage({
      ...model,
      values: { person: 'sub-2', givenName: 'Åsa', familyName: '', outcome: 'certificateErr', acr: loa.loa4 },
      errors: [{ field: 'acr', message: formErrors.acr }],
    });
    expect(html).toMatch(/value="sub-2" checked/);
    expect(html).toMatch(/value="certificateErr" checked/);
    expect(html).toContain(`<option value="${loa.loa4}" selected>`);
    expect(html).toContain('value="Åsa"');
  });
});

describe('personLabel', () => {
  it('notes a samordningsnummer, a person over 100 and a child, and nothing for anyone else', () => {
    const [tolvan, marta, , lilly, sami] = persons.map(({ person }) => personLabel(person, '2026-11-27'));
    expect(tolvan).toEqual({
      text: 'Tolvan Tolvansson, 19121212-1212',
      note: { sv: 'över 100 år', en: 'over 100' },
    });
    expect(marta).toEqual({ text: 'Märta Åkesson, 19811218-9876' });
    expect(lilly?.note?.sv).toBe('under 18 år');
    expect(sami?.note?.en).toBe('coordination number');
  });

  it('says the name once and marks the English note', () => {
    expect(renderLoginPage(model)).toContain(
      '<label for="person-0">Tolvan Tolvansson, 19121212-1212 (över 100 år; <span lang="en">over 100</span>)</label>',
    );
  });
});
