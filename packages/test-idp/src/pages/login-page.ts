import { ageOn, displayForm } from '../identity-number.ts';
import type { FieldError, LoginField, LoginFormValues } from '../login-form.ts';
import { failureOutcomes, type Message, simulatedFailures } from '../messages.ts';
import type { KnownPerson } from '../persons.ts';
import { defaultAcr, type Loa, loa } from '../profile.ts';
import { bilingual, escapeHtml, renderPage } from './html.ts';

export interface PickablePerson {
  /** The radio value: the person's `sub`, so the form never carries a personnummer. */
  readonly subject: string;
  readonly person: KnownPerson;
}

export interface LoginPageModel {
  /** The interaction id oidc-provider gave this login; URL-safe. */
  readonly uid: string;
  readonly clientName: string;
  readonly persons: readonly PickablePerson[];
  readonly offeredAcr: readonly Loa[];
  readonly preselectedAcr: Loa;
  /** `YYYY-MM-DD`, for the age notes beside each person. */
  readonly today: string;
  readonly values?: LoginFormValues;
  readonly errors?: readonly FieldError[];
}

const acrNames: Readonly<Record<Loa, string>> = {
  [loa.loa2]: 'loa2',
  [loa.loa3]: 'loa3',
  [loa.loa4]: 'loa4',
  [loa.uncertifiedLoa3]: 'uncertified-loa3',
};

/** The first control of each field: where an error summary link sends focus. */
const fieldIds: Readonly<Record<LoginField, string>> = {
  person: 'person-0',
  personnummer: 'personnummer',
  givenName: 'given-name',
  familyName: 'family-name',
  outcome: 'outcome-success',
  acr: 'acr',
};

/** A person's name and number (the same in both languages), and what is special about them, if anything. */
export function personLabel(
  person: KnownPerson,
  today: string,
): { readonly text: string; readonly note?: Message } {
  const text = `${person.givenName} ${person.familyName}, ${displayForm(person.number.value)}`;
  const notes: Message[] = [];
  if (person.number.kind === 'samordningsnummer')
    notes.push({ sv: 'samordningsnummer', en: 'coordination number' });
  const age = ageOn(person.number.birthdate, today);
  if (age >= 100) notes.push({ sv: 'över 100 år', en: 'over 100' });
  else if (age < 18) notes.push({ sv: 'under 18 år', en: 'under 18' });
  if (notes.length === 0) return { text };
  return {
    text,
    note: { sv: notes.map((note) => note.sv).join(', '), en: notes.map((note) => note.en).join(', ') },
  };
}

function personLabelHtml(person: KnownPerson, today: string): string {
  const { text, note } = personLabel(person, today);
  // The name and number are not in any language, so they are said once; only the note is in both.
  return note === undefined
    ? escapeHtml(text)
    : `${escapeHtml(text)} (${escapeHtml(note.sv)}; <span lang="en">${escapeHtml(note.en)}</span>)`;
}

export function renderLoginPage(model: LoginPageModel): string {
  const errors = model.errors ?? [];
  const values = model.values;
  const errorFor = (field: LoginField) => errors.find((error) => error.field === field);
  const selectedPerson = values?.person || (values ? '' : (model.persons[0]?.subject ?? ''));
  const selectedOutcome = values?.outcome || 'success';
  const selectedAcr = values?.acr || model.preselectedAcr;
  const action = `/interaction/${encodeURIComponent(model.uid)}`;

  const summary =
    errors.length === 0
      ? ''
      : `<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${bilingual({ sv: 'Något behöver rättas', en: 'Something needs fixing' })}</h2>
<ul>${errors.map((error) => `<li><a href="#${fieldIds[error.field]}">${bilingual(error.message)}</a></li>`).join('')}</ul>
</div>`;

  const personOptions = model.persons
    .map(({ subject, person }, index) => {
      const id = `person-${index}`;
      const checked = subject === selectedPerson ? ' checked' : '';
      return `<div class="option"><input type="radio" id="${id}" name="person" value="${escapeHtml(subject)}"${checked}${describedBy(errorFor('person') && index === 0 ? 'person-error' : undefined)}><label for="${id}">${personLabelHtml(person, model.today)}</label></div>`;
    })
    .join('\n');

  const outcomeOptions = [
    option('outcome-success', 'outcome', 'success', selectedOutcome, {
      sv: 'Personen legitimerar sig (inloggningen lyckas)',
      en: 'The person identifies (the login succeeds)',
    }),
    ...simulatedFailures.map((failure) =>
      option(
        `outcome-${failure}`,
        'outcome',
        failure,
        selectedOutcome,
        failureOutcomes[failure].label,
        failure,
      ),
    ),
  ].join('\n');

  const acrOptions = model.offeredAcr
    .map((value) => {
      const selected = value === selectedAcr ? ' selected' : '';
      const note = value === defaultAcr ? ' (BankID)' : '';
      return `<option value="${escapeHtml(value)}"${selected}>${acrNames[value]}${note}</option>`;
    })
    .join('');

  const main = `<h1>${bilingual({ sv: 'Logga in med test-BankID', en: 'Log in with test BankID' })}</h1>
${summary}
<p>${bilingual({
    sv: `E-tjänsten ${model.clientName} vill att du legitimerar dig. Här väljer du vem som loggar in och vad som ska hända.`,
    en: `The e-service ${model.clientName} wants you to identify yourself. Here you choose who logs in and what should happen.`,
  })}</p>
<form method="post" action="${action}" novalidate>
<fieldset${errorFor('person') ? ' class="field-error"' : ''}>
<legend><h2>${bilingual({ sv: 'Vem loggar in?', en: 'Who is logging in?' })}</h2></legend>
${errorMessage('person-error', errorFor('person'))}
${personOptions}
<div class="field${errorFor('personnummer') ? ' field-error' : ''}">
<label for="personnummer">${bilingual({ sv: 'Eller skriv ett personnummer', en: 'Or type a personal identity number' })}</label>
<p class="hint" id="personnummer-hint">${bilingual({
    sv: '12 siffror, till exempel 19121212-1212. Om du skriver ett nummer här används det i stället för personen du valt ovan.',
    en: '12 digits, for example 19121212-1212. A number typed here is used instead of the person chosen above.',
  })}</p>
${errorMessage('personnummer-error', errorFor('personnummer'))}
<input type="text" id="personnummer" name="personnummer" inputmode="numeric" autocomplete="off" spellcheck="false" value=""${describedBy('personnummer-hint', errorFor('personnummer') ? 'personnummer-error' : undefined)}${errorFor('personnummer') ? ' aria-invalid="true"' : ''}>
</div>
${nameField('given-name', 'givenName', { sv: 'Förnamn (om du skrivit ett nummer)', en: 'Given name (if you typed a number)' }, values?.givenName ?? '', errorFor('givenName'))}
${nameField('family-name', 'familyName', { sv: 'Efternamn (om du skrivit ett nummer)', en: 'Family name (if you typed a number)' }, values?.familyName ?? '', errorFor('familyName'))}
</fieldset>
<fieldset${errorFor('outcome') ? ' class="field-error"' : ''}>
<legend><h2>${bilingual({ sv: 'Vad ska hända?', en: 'What should happen?' })}</h2></legend>
${errorMessage('outcome-error', errorFor('outcome'))}
${outcomeOptions}
</fieldset>
<div class="field${errorFor('acr') ? ' field-error' : ''}">
<label for="acr">${bilingual({ sv: 'Tillitsnivå', en: 'Level of assurance' })}</label>
<p class="hint" id="acr-hint">${bilingual({
    sv: 'Skickas i ID-token som acr. BankID motsvarar loa3.',
    en: 'Sent in the ID token as acr. BankID corresponds to loa3.',
  })}</p>
${errorMessage('acr-error', errorFor('acr'))}
<select id="acr" name="acr"${describedBy('acr-hint', errorFor('acr') ? 'acr-error' : undefined)}>${acrOptions}</select>
</div>
<div class="actions">
<button type="submit" class="primary">${bilingual({ sv: 'Fortsätt', en: 'Continue' })}</button>
<button type="submit" class="secondary" name="device" value="other">${bilingual({ sv: 'BankID på annan enhet', en: 'BankID on another device' })}</button>
</div>
</form>
<form method="post" action="${action}/return">
<input type="hidden" name="outcome" value="userCancel">
<div class="actions"><button type="submit" class="secondary">${bilingual({ sv: 'Avbryt inloggningen', en: 'Cancel the login' })}</button></div>
</form>`;

  return renderPage({ title: 'Logga in', hasErrors: errors.length > 0, main });
}

function option(
  id: string,
  name: string,
  value: string,
  selected: string,
  label: Message,
  code?: string,
): string {
  const checked = value === selected ? ' checked' : '';
  const technical = code ? ` <code>${escapeHtml(code)}</code>` : '';
  return `<div class="option"><input type="radio" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked}><label for="${id}">${bilingual(label)}${technical}</label></div>`;
}

function nameField(
  id: string,
  name: string,
  label: Message,
  value: string,
  error: FieldError | undefined,
): string {
  return `<div class="field${error ? ' field-error' : ''}">
<label for="${id}">${bilingual(label)}</label>
${errorMessage(`${id}-error`, error)}
<input type="text" id="${id}" name="${name}" autocomplete="off" value="${escapeHtml(value)}"${describedBy(error ? `${id}-error` : undefined)}${error ? ' aria-invalid="true"' : ''}>
</div>`;
}

function errorMessage(id: string, error: FieldError | undefined): string {
  return error ? `<p class="error-message" id="${id}">${bilingual(error.message)}</p>` : '';
}

function describedBy(...ids: Array<string | undefined>): string {
  const present = ids.filter((id): id is string => id !== undefined);
  return present.length === 0 ? '' : ` aria-describedby="${present.join(' ')}"`;
}
