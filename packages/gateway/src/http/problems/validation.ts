import type { Language } from '@brygga/contract';
import type { z } from 'zod';
import { maskPersonnummer } from '../../log/scrub.ts';

/** One invalid value in a `validation_failed` problem: where, and what is wrong, never the value itself. */
export interface ValidationErrorItem {
  /** JSON Pointer (RFC 6901) into the request body; `''` is the body as a whole. */
  readonly path: string;
  /** Plain language, in the problem's language. */
  readonly message: string;
  /** Zod's issue code, for programs. */
  readonly code: string;
}

type Issue = z.core.$ZodIssue;

/** Keeps a problem document small even when a client sends a very wrong body. */
export const maxValidationErrors = 50;

function pointer(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => {
      const text = typeof segment === 'symbol' ? (segment.description ?? '') : String(segment);
      // Record keys come from the request, so they are masked like any other text we send back.
      return `/${maskPersonnummer(text).replaceAll('~', '~0').replaceAll('/', '~1')}`;
    })
    .join('');
}

type Texts = Readonly<Record<Language, string>>;

function limitText(issue: Issue & { code: 'too_small' | 'too_big' }, language: Language): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === 'date' || (typeof limit !== 'number' && typeof limit !== 'bigint')) return '';
  const words: Texts = small
    ? issue.inclusive === false
      ? { sv: 'Mer än', en: 'More than' }
      : { sv: 'Minst', en: 'At least' }
    : issue.inclusive === false
      ? { sv: 'Mindre än', en: 'Less than' }
      : { sv: 'Högst', en: 'At most' };
  const unit: Texts | undefined =
    issue.origin === 'string' ? { sv: ' tecken', en: ' characters' } : undefined;
  return ` ${words[language]} ${String(limit)}${unit?.[language] ?? ''}.`;
}

function describe(issue: Issue, language: Language): string {
  switch (issue.code) {
    case 'invalid_type':
      return { sv: 'Uppgiften saknas eller har fel typ.', en: 'The value is missing or has the wrong type.' }[
        language
      ];
    case 'too_small': {
      const base: Texts =
        issue.origin === 'string'
          ? { sv: 'Texten är för kort.', en: 'The text is too short.' }
          : issue.origin === 'array' || issue.origin === 'set'
            ? { sv: 'Det är för få val.', en: 'There are too few items.' }
            : { sv: 'Värdet är för litet.', en: 'The value is too small.' };
      return base[language] + limitText(issue, language);
    }
    case 'too_big': {
      const base: Texts =
        issue.origin === 'string'
          ? { sv: 'Texten är för lång.', en: 'The text is too long.' }
          : issue.origin === 'array' || issue.origin === 'set'
            ? { sv: 'Det är för många val.', en: 'There are too many items.' }
            : { sv: 'Värdet är för stort.', en: 'The value is too large.' };
      return base[language] + limitText(issue, language);
    }
    case 'invalid_format':
      return issue.format === 'email'
        ? { sv: 'Skriv en giltig e-postadress.', en: 'Enter a valid e-mail address.' }[language]
        : { sv: 'Uppgiften har fel format.', en: 'The value has the wrong format.' }[language];
    case 'not_multiple_of':
      return {
        sv: `Värdet måste vara en multipel av ${String(issue.divisor)}.`,
        en: `The value must be a multiple of ${String(issue.divisor)}.`,
      }[language];
    case 'unrecognized_keys':
      return { sv: 'Uppgiften är inte tillåten här.', en: 'This field is not allowed here.' }[language];
    case 'invalid_union':
      return {
        sv: 'Uppgiften passar inte något av de tillåtna formaten.',
        en: 'The value does not match any of the allowed forms.',
      }[language];
    case 'invalid_key':
      return { sv: 'En nyckel är ogiltig.', en: 'A key is not valid.' }[language];
    case 'invalid_element':
      return { sv: 'Ett värde i listan är ogiltigt.', en: 'A value in the list is not valid.' }[language];
    case 'invalid_value':
      return { sv: 'Värdet är inte ett av de tillåtna.', en: 'The value is not one of those allowed.' }[
        language
      ];
    case 'custom':
      // Written by the contract's author for people to read; still masked in case it quotes the input.
      return issue.message
        ? maskPersonnummer(issue.message)
        : { sv: 'Uppgiften är felaktig.', en: 'The value is not valid.' }[language];
    default:
      return { sv: 'Uppgiften är felaktig.', en: 'The value is not valid.' }[language];
  }
}

/**
 * Describes zod issues for people, in Swedish or English, without ever repeating the rejected values
 * (zod's own messages are English-only and some quote schema internals). Pure.
 */
export function describeIssues(issues: readonly Issue[], language: Language): ValidationErrorItem[] {
  const items: ValidationErrorItem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        items.push({
          path: pointer([...issue.path, key]),
          message: describe(issue, language),
          code: issue.code,
        });
      }
    } else {
      items.push({ path: pointer(issue.path), message: describe(issue, language), code: issue.code });
    }
    if (items.length >= maxValidationErrors) break;
  }
  return items.slice(0, maxValidationErrors);
}
