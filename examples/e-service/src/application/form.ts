import { applicationTypes } from '@brygga/contract-case-management';
import { z } from 'zod';

/** A text in Swedish and English: every message a person reads is shown in both. */
export interface Bilingual {
  readonly sv: string;
  readonly en: string;
}

/** The form's fields, in page order (the error summary lists errors in this order too). */
export const fieldNames = [
  'applicationType',
  'title',
  'description',
  'propertyDesignation',
  'givenName',
  'familyName',
  'email',
  'phone',
] as const;
export type FieldName = (typeof fieldNames)[number];

/** What the person typed, as strings: shown again on the form when something is wrong. */
export type FormValues = { readonly [Name in FieldName]: string };

export const emptyForm: FormValues = Object.fromEntries(fieldNames.map((name) => [name, ''])) as FormValues;

export interface FieldProblem {
  readonly field: FieldName;
  readonly message: Bilingual;
}

/**
 * The application as the contract's createCase takes it (2026-12-01): no personnummer. The gateway knows who
 * applies from the login and adds it on its way to the business system.
 */
export interface Application {
  readonly applicationType: (typeof applicationTypes)[number];
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly applicant: {
    readonly givenName: string;
    readonly familyName: string;
    readonly email?: string;
    readonly phone?: string;
  };
}

export type ValidationResult =
  | { readonly ok: true; readonly application: Application }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

// Messages say what to do, never repeat what was typed (an error must not echo personal data anywhere).
const messages = {
  applicationType: {
    sv: 'Välj vad du vill ansöka om.',
    en: 'Choose what you want to apply for.',
  },
  titleMissing: {
    sv: 'Skriv en kort rubrik för ansökan.',
    en: 'Write a short heading for the application.',
  },
  titleLong: {
    sv: 'Rubriken får vara högst 200 tecken.',
    en: 'The heading can be at most 200 characters.',
  },
  descriptionMissing: {
    sv: 'Beskriv vad du vill göra.',
    en: 'Describe what you want to do.',
  },
  descriptionLong: {
    sv: 'Beskrivningen får vara högst 5 000 tecken.',
    en: 'The description can be at most 5,000 characters.',
  },
  propertyDesignation: {
    sv: 'Skriv fastighetsbeteckningen som den står i lagfarten, till exempel UPPSALA KÅBO 5:12.',
    en: 'Write the property designation as it is in the title deed, for example UPPSALA KÅBO 5:12.',
  },
  givenNameLong: {
    sv: 'Förnamnet får vara högst 200 tecken.',
    en: 'The first name can be at most 200 characters.',
  },
  familyNameMissing: {
    sv: 'Skriv ditt efternamn.',
    en: 'Write your last name.',
  },
  familyNameLong: {
    sv: 'Efternamnet får vara högst 200 tecken.',
    en: 'The last name can be at most 200 characters.',
  },
  email: {
    sv: 'Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt.',
    en: 'Write the email address like name@example.se, or leave the field empty.',
  },
  phone: {
    sv: 'Skriv telefonnumret med siffror, till exempel 070-123 45 67, eller lämna fältet tomt.',
    en: 'Write the phone number in digits, for example 070-123 45 67, or leave the field empty.',
  },
} as const satisfies Record<string, Bilingual>;

type MessageKey = keyof typeof messages;

/** Spaces at either end dropped, runs of spaces made one: what people mean when they type a name or a title. */
function tidy(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

// The same rules as the contract's schemas, so the gateway's own check only ever catches what this one cannot
// know (a property that does not exist); written here to give each rule its own plain message.
const propertyDesignationPattern = /^[A-ZÅÄÖ][A-Za-zÅÄÖåäöÉé-]*(?: [A-Za-zÅÄÖåäöÉé-]+)* \d{1,4}:\d{1,4}$/;
const phonePattern = /^\+?[0-9 ()-]{6,20}$/;

const optionalText = z
  .string()
  .transform(tidy)
  .transform((value) => (value === '' ? undefined : value));

const schema = z.object({
  applicationType: z.enum(applicationTypes, { error: 'applicationType' }),
  title: z.string().transform(tidy).pipe(z.string().min(1, 'titleMissing').max(200, 'titleLong')),
  // Line breaks in a description are the person's paragraphs: only the ends are trimmed.
  description: z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'descriptionMissing').max(5000, 'descriptionLong')),
  // Designations are written in capitals in the land register; any case typed is accepted.
  propertyDesignation: z
    .string()
    .transform((value) => tidy(value).toLocaleUpperCase('sv'))
    .pipe(z.string().regex(propertyDesignationPattern, 'propertyDesignation')),
  // A person with a single name leaves the first name empty; the contract allows that.
  givenName: z.string().transform(tidy).pipe(z.string().max(200, 'givenNameLong')),
  familyName: z
    .string()
    .transform(tidy)
    .pipe(z.string().min(1, 'familyNameMissing').max(200, 'familyNameLong')),
  email: optionalText.pipe(z.email('email').optional()),
  phone: optionalText.pipe(z.string().regex(phonePattern, 'phone').optional()),
});

/** The form's fields from a parsed form body; anything else is ignored, a file or a repeated field is blank. */
export function formValues(body: Readonly<Record<string, unknown>>): FormValues {
  const values: Record<string, string> = {};
  for (const name of fieldNames) {
    const value = body[name];
    values[name] = typeof value === 'string' ? value : '';
  }
  return values as FormValues;
}

/** Checks the form and builds the application, or lists each field's first problem in page order. Pure. */
export function validateApplication(values: FormValues): ValidationResult {
  const parsed = schema.safeParse(values);
  if (parsed.success) {
    const { applicationType, title, description, propertyDesignation, givenName, familyName, email, phone } =
      parsed.data;
    return {
      ok: true,
      application: {
        applicationType,
        title,
        description,
        propertyDesignation,
        applicant: {
          givenName,
          familyName,
          ...(email === undefined ? {} : { email }),
          ...(phone === undefined ? {} : { phone }),
        },
      },
    };
  }
  const byField = new Map<FieldName, Bilingual>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FieldName;
    if (byField.has(field)) continue;
    byField.set(field, messages[issue.message as MessageKey] ?? fallback);
  }
  return {
    ok: false,
    problems: fieldNames.flatMap((field) => {
      const message = byField.get(field);
      return message === undefined ? [] : [{ field, message }];
    }),
  };
}

const fallback: Bilingual = { sv: 'Uppgiften är inte giltig.', en: 'The value is not valid.' };

/** The form field a JSON Pointer of the gateway's `validation_failed` problem points at, if any. Pure. */
export function fieldOfPointer(pointer: string): FieldName | undefined {
  const parts = pointer.split('/').slice(1);
  if (parts[0] !== 'body') return undefined;
  const name = parts[1] === 'applicant' ? parts[2] : parts[1];
  return (fieldNames as readonly string[]).includes(name ?? '') ? (name as FieldName) : undefined;
}

/** A gateway-side refusal of one field, in plain words (its own message may be in one language only). */
export const refusedByGateway: Bilingual = {
  sv: 'Uppgiften godtogs inte. Kontrollera den och försök igen.',
  en: 'The value was not accepted. Check it and try again.',
};
