import type { FieldIssue } from '../api/validation.ts';

/**
 * This system's own stable error codes. It is a stand-in for a third-party business system, so it does not
 * share Brygga's catalogue: the gateway's adapter has to translate these, as it would a real vendor's.
 * Titles are plain language and never contain request data.
 */
export const problemCatalogue = {
  bad_request: {
    status: 400,
    title: { sv: 'Begäran kunde inte tolkas.', en: 'The request could not be understood.' },
  },
  malformed_json: {
    status: 400,
    title: { sv: 'Innehållet är inte giltig JSON.', en: 'The body is not valid JSON.' },
  },
  unauthenticated: {
    status: 401,
    title: { sv: 'En giltig API-nyckel krävs.', en: 'A valid API key is required.' },
  },
  forbidden: {
    status: 403,
    title: { sv: 'Begäran är inte tillåten.', en: 'This request is not allowed.' },
  },
  not_found: {
    status: 404,
    title: { sv: 'Det som efterfrågas finns inte.', en: 'What was asked for does not exist.' },
  },
  method_not_allowed: {
    status: 405,
    title: {
      sv: 'Metoden är inte tillåten för den här adressen.',
      en: 'This method is not allowed for this address.',
    },
  },
  idempotency_key_reused: {
    status: 409,
    title: {
      sv: 'Idempotensnyckeln har redan använts för en annan begäran.',
      en: 'The idempotency key was already used for a different request.',
    },
  },
  invalid_status_transition: {
    status: 409,
    title: {
      sv: 'Ärendet kan inte få den statusen från sin nuvarande status.',
      en: 'The case cannot move to that status from its current one.',
    },
  },
  payload_too_large: {
    status: 413,
    title: { sv: 'Innehållet är för stort.', en: 'The body is too large.' },
  },
  unsupported_media_type: {
    status: 415,
    title: { sv: 'Innehållstypen stöds inte.', en: 'This content type is not supported.' },
  },
  validation_failed: {
    status: 422,
    title: { sv: 'Några uppgifter saknas eller är felaktiga.', en: 'Some details are missing or wrong.' },
  },
  service_unavailable: {
    status: 503,
    title: {
      sv: 'Ärendesystemet är upptaget just nu. Försök igen om en stund.',
      en: 'The case system is busy right now. Please try again shortly.',
    },
  },
  internal_error: {
    status: 500,
    title: {
      sv: 'Något gick fel i ärendesystemet. Försök igen senare.',
      en: 'Something went wrong in the case system. Please try again later.',
    },
  },
} as const satisfies Record<string, { status: number; title: Record<Language, string> }>;

export type ProblemCode = keyof typeof problemCatalogue;
export type Language = 'sv' | 'en';

export const problemContentType = 'application/problem+json';

/** Plain-language explanations for the `reason` of an invalid field. */
const reasonTexts: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  invalid_type: { sv: 'Fältet saknas eller har fel typ.', en: 'The field is missing or has the wrong type.' },
  too_small: { sv: 'Värdet är för kort eller för litet.', en: 'The value is too short or too small.' },
  too_big: { sv: 'Värdet är för långt eller för stort.', en: 'The value is too long or too large.' },
  invalid_format: { sv: 'Värdet har fel format.', en: 'The value has the wrong format.' },
  invalid_value: { sv: 'Värdet är inte ett av de tillåtna.', en: 'The value is not one of those allowed.' },
  unrecognized_keys: {
    sv: 'Här finns fält som inte hör hemma.',
    en: 'There are fields that do not belong here.',
  },
  invalid_personal_number: {
    sv: 'Personnumret är inte giltigt. Skriv det med tolv siffror.',
    en: 'The personal identity number is not valid. Write it with twelve digits.',
  },
  invalid_property_designation: {
    sv: 'Fastighetsbeteckningen har fel form, till exempel Sundsvall Norrmalm 1:23.',
    en: 'The property designation has the wrong form, for example Sundsvall Norrmalm 1:23.',
  },
  invalid_file_name: { sv: 'Filnamnet är inte tillåtet.', en: 'The file name is not allowed.' },
  invalid_callback_url: {
    sv: 'Adressen för aviseringar måste vara en http- eller https-adress.',
    en: 'The callback address must be an http or https URL.',
  },
  invalid_cursor: { sv: 'Sidmarkören är inte giltig.', en: 'The page cursor is not valid.' },
  invalid_idempotency_key: {
    sv: 'Idempotensnyckeln måste vara 1–255 synliga ASCII-tecken.',
    en: 'The idempotency key must be 1–255 visible ASCII characters.',
  },
};
const fallbackReason = { sv: 'Värdet är inte giltigt.', en: 'The value is not valid.' } as const;

export type IssueLocation = 'body' | 'query' | 'header';

export interface ProblemErrorOptions {
  readonly issues?: readonly FieldIssue[];
  readonly location?: IssueLocation;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** Thrown anywhere in the HTTP layer; the app's error handler renders it. */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly issues: readonly FieldIssue[];
  readonly location: IssueLocation;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ProblemCode, options: ProblemErrorOptions = {}) {
    super(problemCatalogue[code].title.en, { cause: options.cause });
    this.name = 'ProblemError';
    this.code = code;
    this.status = problemCatalogue[code].status;
    this.issues = options.issues ?? [];
    this.location = options.location ?? 'body';
    this.headers = options.headers ?? {};
  }
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly requestId: string;
  readonly errors?: readonly {
    readonly in: IssueLocation;
    readonly pointer: string;
    readonly reason: string;
    readonly detail: string;
  }[];
}

/** RFC 9457 document for an error, in the reader's language. Pure. No `instance`: the path may hold anything. */
export function buildProblem(error: ProblemError, language: Language, requestId: string): ProblemDocument {
  const definition = problemCatalogue[error.code];
  return {
    type: `/problems/${error.code.replaceAll('_', '-')}`,
    title: definition.title[language],
    status: definition.status,
    code: error.code,
    requestId,
    ...(error.issues.length === 0
      ? {}
      : {
          errors: error.issues.map((issue) => ({
            in: error.location,
            pointer: issue.pointer,
            reason: issue.reason,
            detail: (reasonTexts[issue.reason] ?? fallbackReason)[language],
          })),
        }),
  };
}

/** Swedish unless the caller prefers English; quality values are honoured, other languages ignored. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (acceptLanguage === undefined) return 'sv';
  let best: { language: Language; quality: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.trim().split('-')[0];
    if (primary !== 'sv' && primary !== 'en') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (best === undefined || quality > best.quality) best = { language: primary, quality };
  }
  return best?.language ?? 'sv';
}
