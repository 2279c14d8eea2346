import type { Bilingual, FieldName, FieldProblem, FormValues } from '../application/form.ts';
import { applicationTypeHints, applicationTypeLabels, applicationTypes } from '../cases/labels.ts';
import { both, type Html, html, page, reference } from './layout.ts';

export interface FormPageOptions {
  readonly values: FormValues;
  readonly problems: readonly FieldProblem[];
  readonly csrfToken: string;
  /** A notice above the form, e.g. after logging in again, or why the gateway refused. */
  readonly notice?: Bilingual | undefined;
  readonly requestId?: string | undefined;
}

interface TextField {
  readonly name: Exclude<FieldName, 'applicationType'>;
  readonly label: Bilingual;
  readonly hint?: Bilingual;
  readonly type: 'text' | 'email' | 'tel' | 'textarea';
  /** WCAG 1.3.5: the purpose of fields about the person, so browsers and assistive tech can fill them. */
  readonly autocomplete?: string;
  readonly optional?: boolean;
  readonly spellcheck?: boolean;
}

const aboutApplication: readonly TextField[] = [
  {
    name: 'title',
    label: { sv: 'Rubrik', en: 'Heading' },
    hint: { sv: 'Till exempel: Nybyggnad av garage.', en: 'For example: New garage.' },
    type: 'text',
  },
  {
    name: 'description',
    label: { sv: 'Beskriv vad du vill göra', en: 'Describe what you want to do' },
    hint: {
      sv: 'Vad, hur stort och var på tomten. Högst 5 000 tecken.',
      en: 'What, how big and where on the plot. At most 5,000 characters.',
    },
    type: 'textarea',
  },
  {
    name: 'propertyDesignation',
    label: { sv: 'Fastighetsbeteckning', en: 'Property designation' },
    hint: {
      sv: 'Som i lagfarten, till exempel UPPSALA KÅBO 5:12.',
      en: 'As in the title deed, for example UPPSALA KÅBO 5:12.',
    },
    type: 'text',
    spellcheck: false,
  },
];

const aboutApplicant: readonly TextField[] = [
  {
    name: 'givenName',
    label: { sv: 'Förnamn', en: 'First name' },
    hint: { sv: 'Lämna tomt om du bara har ett namn.', en: 'Leave empty if you have only one name.' },
    type: 'text',
    autocomplete: 'given-name',
    spellcheck: false,
  },
  {
    name: 'familyName',
    label: { sv: 'Efternamn', en: 'Last name' },
    type: 'text',
    autocomplete: 'family-name',
    spellcheck: false,
  },
  {
    name: 'email',
    label: { sv: 'E-post (frivilligt)', en: 'Email (optional)' },
    hint: {
      sv: 'Vi mejlar när något händer i ärendet.',
      en: 'We email you when something happens in the case.',
    },
    type: 'email',
    autocomplete: 'email',
    optional: true,
    spellcheck: false,
  },
  {
    name: 'phone',
    label: { sv: 'Telefon (frivilligt)', en: 'Phone (optional)' },
    type: 'tel',
    autocomplete: 'tel',
    optional: true,
  },
];

/** Where a field's error in the summary links to: the field itself, or the first radio button. */
export function fieldAnchor(field: FieldName): string {
  return field === 'applicationType' ? `${field}-${applicationTypes[0]}` : field;
}

function errorMessage(field: FieldName, problem: FieldProblem | undefined): Html | string {
  if (!problem) return '';
  return html`<p class="error-message" id="${field}-error"><span class="visually-hidden">Fel: </span>${problem.message.sv} <span lang="en">${problem.message.en}</span></p>`;
}

function describedBy(field: FieldName, hint: boolean, problem: FieldProblem | undefined): string {
  const ids = [...(hint ? [`${field}-hint`] : []), ...(problem ? [`${field}-error`] : [])];
  return ids.join(' ');
}

function textField(field: TextField, value: string, problem: FieldProblem | undefined): Html {
  const hint = field.hint
    ? html`<p class="hint" id="${field.name}-hint">${field.hint.sv} <span lang="en">${field.hint.en}</span></p>`
    : '';
  const describers = describedBy(field.name, field.hint !== undefined, problem);
  const common = html`id="${field.name}" name="${field.name}"${describers ? html` aria-describedby="${describers}"` : ''}${problem ? html` aria-invalid="true"` : ''}${field.optional ? '' : html` aria-required="true"`}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${field.spellcheck === false ? html` spellcheck="false"` : ''}`;
  const control =
    field.type === 'textarea'
      ? html`<textarea ${common} rows="8">${value}</textarea>`
      : html`<input type="${field.type}" ${common} value="${value}">`;
  return html`<div class="field${problem ? ' invalid' : ''}">
<label for="${field.name}">${field.label.sv} <span lang="en">${field.label.en}</span></label>
${hint}${errorMessage(field.name, problem)}${control}
</div>`;
}

function typeField(value: string, problem: FieldProblem | undefined): Html {
  const options = applicationTypes.map((type, index) => {
    const id = `applicationType-${type}`;
    const label = applicationTypeLabels[type];
    const hint = applicationTypeHints[type];
    return html`<div class="radio">
<input type="radio" id="${id}" name="applicationType" value="${type}"${value === type ? ' checked' : ''}${index === 0 && problem ? html` aria-describedby="applicationType-error"` : ''}>
<label for="${id}">${label.sv} <span lang="en">${label.en}</span>: ${hint.sv} <span lang="en">${hint.en}</span></label>
</div>`;
  });
  return html`<fieldset class="${problem ? 'invalid' : ''}"${problem ? html` aria-describedby="applicationType-error"` : ''}>
<legend>Vad vill du ansöka om? <span lang="en">What do you want to apply for?</span></legend>
${errorMessage('applicationType', problem)}${options}
</fieldset>`;
}

/**
 * The application form. With errors: "Fel:" in the title, and an error summary first in the main area,
 * focused on load (so a screen reader hears it) and linking to each field, in the order of the form.
 */
export function renderForm(options: FormPageOptions): Html {
  const problemOf = new Map(options.problems.map((problem) => [problem.field, problem]));
  const summary =
    options.problems.length === 0
      ? ''
      : html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">Något behöver rättas <span lang="en">Something needs to be corrected</span></h2>
<ul>
${options.problems.map(
  (problem) =>
    html`<li><a href="#${fieldAnchor(problem.field)}">${problem.message.sv} <span lang="en">${problem.message.en}</span></a></li>`,
)}
</ul>
</div>`;
  const notice = options.notice
    ? html`<div class="notice" role="status"><p>${both(options.notice)}</p>${reference(options.requestId)}</div>`
    : '';
  const body = html`${summary}${notice}<h1>Ny ansökan <span lang="en">New application</span></h1>
<p>Alla fält måste fyllas i utom de som är frivilliga. <span lang="en">Fill in every field except the optional ones.</span></p>
<form method="post" action="/ansokan" novalidate>
<input type="hidden" name="csrf" value="${options.csrfToken}">
<h2>Om ansökan <span lang="en">About the application</span></h2>
${typeField(options.values.applicationType, problemOf.get('applicationType'))}
${aboutApplication.map((field) => textField(field, options.values[field.name], problemOf.get(field.name)))}
<h2>Om dig <span lang="en">About you</span></h2>
<p>Du har loggat in med BankID, så byggnadsnämnden vet vem du är. Du behöver inte skriva ditt personnummer. <span lang="en">You logged in with BankID, so the building committee knows who you are. You do not need to write your personal identity number.</span></p>
${aboutApplicant.map((field) => textField(field, options.values[field.name], problemOf.get(field.name)))}
<div class="actions">
<button type="submit" class="primary">Skicka ansökan <span lang="en">Send the application</span></button>
</div>
</form>`;
  const title = options.problems.length > 0 ? 'Fel: Ny ansökan' : 'Ny ansökan';
  return page({ title, body, csrfToken: options.csrfToken });
}
