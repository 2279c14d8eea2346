import { parseIdentityNumber } from './identity-number.ts';
import { isSimulatedFailure, type Message, type SimulatedFailure } from './messages.ts';
import type { KnownPerson } from './persons.ts';
import type { Loa } from './profile.ts';

/**
 * Reads and checks the posted login form. Pure. A typed personnummer is never returned in the values to show
 * again: a wrong number must not be echoed back into the page.
 */

export type LoginField = 'person' | 'personnummer' | 'givenName' | 'familyName' | 'outcome' | 'acr';

export interface FieldError {
  readonly field: LoginField;
  readonly message: Message;
}

/** What the form shows again after an error (never the typed number). */
export interface LoginFormValues {
  readonly person: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly outcome: string;
  readonly acr: string;
}

export type Who =
  | { readonly kind: 'fixture'; readonly subject: string }
  | { readonly kind: 'typed'; readonly person: KnownPerson };

export type LoginFormResult =
  | { readonly ok: true; readonly outcome: 'success'; readonly who: Who; readonly acr: Loa }
  | { readonly ok: true; readonly outcome: SimulatedFailure }
  | { readonly ok: false; readonly errors: readonly FieldError[]; readonly values: LoginFormValues };

export interface LoginFormContext {
  readonly fixtureSubjects: ReadonlySet<string>;
  readonly offeredAcr: readonly Loa[];
}

export const formErrors = {
  personMissing: {
    sv: 'Välj en testperson eller skriv ett personnummer.',
    en: 'Choose a test person or type a personal identity number.',
  },
  personnummerFormat: {
    sv: 'Skriv personnumret med 12 siffror, till exempel 19121212-1212.',
    en: 'Type the personal identity number with 12 digits, for example 19121212-1212.',
  },
  personnummerInvalid: {
    sv: 'Det är inte ett giltigt personnummer. Kontrollera siffrorna och försök igen.',
    en: 'That is not a valid personal identity number. Check the digits and try again.',
  },
  nameTooLong: { sv: 'Namnet får vara högst 100 tecken.', en: 'The name can be at most 100 characters.' },
  outcome: { sv: 'Välj vad som ska hända.', en: 'Choose what should happen.' },
  acr: { sv: 'Välj en tillitsnivå i listan.', en: 'Choose an assurance level from the list.' },
} as const satisfies Record<string, Message>;

const maxNameLength = 100;
/** Names a typed person gets when the tester leaves them empty. */
export const defaultTypedNames = { givenName: 'Test', familyName: 'Testsson' } as const;

export function parseLoginForm(fields: URLSearchParams, context: LoginFormContext): LoginFormResult {
  const values: LoginFormValues = {
    person: text(fields, 'person'),
    givenName: text(fields, 'givenName').slice(0, 2 * maxNameLength),
    familyName: text(fields, 'familyName').slice(0, 2 * maxNameLength),
    outcome: text(fields, 'outcome'),
    acr: text(fields, 'acr'),
  };
  const errors: FieldError[] = [];

  // A simulated failure happens before BankID identifies anyone, so nothing else on the form matters.
  if (isSimulatedFailure(values.outcome)) return { ok: true, outcome: values.outcome };
  if (values.outcome !== 'success') errors.push({ field: 'outcome', message: formErrors.outcome });

  const acr = context.offeredAcr.find((offered) => offered === values.acr);
  if (acr === undefined) errors.push({ field: 'acr', message: formErrors.acr });

  let who: Who | undefined;
  const typed = text(fields, 'personnummer');
  if (typed !== '') {
    const parsed = parseIdentityNumber(typed);
    if (!parsed.ok) {
      const message =
        parsed.reason === 'format' ? formErrors.personnummerFormat : formErrors.personnummerInvalid;
      errors.push({ field: 'personnummer', message });
    }
    if (values.givenName.length > maxNameLength)
      errors.push({ field: 'givenName', message: formErrors.nameTooLong });
    if (values.familyName.length > maxNameLength) {
      errors.push({ field: 'familyName', message: formErrors.nameTooLong });
    }
    if (parsed.ok) {
      who = {
        kind: 'typed',
        person: {
          number: parsed.number,
          givenName: values.givenName || defaultTypedNames.givenName,
          familyName: values.familyName || defaultTypedNames.familyName,
        },
      };
    }
  } else if (context.fixtureSubjects.has(values.person)) {
    who = { kind: 'fixture', subject: values.person };
  } else {
    errors.push({ field: 'person', message: formErrors.personMissing });
  }

  if (errors.length > 0 || who === undefined || acr === undefined) {
    return {
      ok: false,
      errors,
      values: { ...values, person: context.fixtureSubjects.has(values.person) ? values.person : '' },
    };
  }
  return { ok: true, outcome: 'success', who, acr };
}

/** One trimmed value with control characters removed; a field given twice counts once (the first). */
function text(fields: URLSearchParams, name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return (fields.get(name) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}
