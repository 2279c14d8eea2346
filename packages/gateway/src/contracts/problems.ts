import {
  type ErrorCase,
  type Issue,
  type Language,
  type Localised,
  problemContentType,
} from '@brygga/contract';
import { maskPersonnummer, scrubDeep } from '../log/scrub.ts';

/** One invalid request value, as `validation_failed` lists it: where and why, never the value. */
export interface IssueItem {
  /** JSON Pointer from the request part: `/body/applicant/name`, `/query/limit`, `/params/caseId`. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export const maxIssueItems = 50;

const texts: Readonly<Record<string, Localised>> = {
  invalid_type: {
    sv: 'Uppgiften saknas eller har fel typ.',
    en: 'The value is missing or has the wrong type.',
  },
  too_small: { sv: 'Värdet är för litet eller för kort.', en: 'The value is too small or too short.' },
  too_big: { sv: 'Värdet är för stort eller för långt.', en: 'The value is too large or too long.' },
  invalid_format: { sv: 'Uppgiften har fel format.', en: 'The value has the wrong format.' },
  invalid_value: { sv: 'Värdet är inte ett av de tillåtna.', en: 'The value is not one of those allowed.' },
  unrecognized_key: {
    sv: 'Uppgiften finns inte i den här versionen.',
    en: 'This field does not exist in this version.',
  },
  unexpected_body: { sv: 'Anropet ska inte ha något innehåll.', en: 'This call takes no body.' },
  invalid_union: {
    sv: 'Uppgiften passar inte något av de tillåtna formaten.',
    en: 'The value does not match any of the allowed forms.',
  },
};
const fallback: Localised = { sv: 'Uppgiften är felaktig.', en: 'The value is not valid.' };

/**
 * The `errors` of a `validation_failed` problem from translation issues, in the reader's language. Texts are
 * ours, chosen by zod's issue code; only a contract author's own refinement message (code `custom`) is passed
 * on, masked like anything else that could quote input. Pure.
 */
export function issueItems(issues: readonly Issue[], language: Language): IssueItem[] {
  return issues.slice(0, maxIssueItems).map((issue) => ({
    path: pointer(issue.path),
    code: issue.code,
    message:
      issue.code === 'custom' && issue.message
        ? maskPersonnummer(issue.message)
        : (texts[issue.code] ?? fallback)[language],
  }));
}

/** `['body', 'applicant', 0]` → `/body/applicant/0` (RFC 6901), keys masked: record keys come from the request. */
export function pointer(path: readonly (string | number)[]): string {
  return path
    .map((segment) => `/${maskPersonnummer(String(segment)).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

export interface OperationErrorProblemInput {
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  /** The code as the caller's version knows it. */
  readonly code: string;
  readonly errorCase: ErrorCase;
  /** The adapter's own plain-language detail, when it gave one; else the contract's. */
  readonly detail: Localised | undefined;
  readonly language: Language;
  readonly requestId: string;
  /** Where the error case is explained (the contract's reference page). */
  readonly type: string;
}

/**
 * One of an operation's declared error cases as an RFC 9457 document, with the contract's own plain-language
 * texts. `code` is the contract's code at the caller's version (documented in that version's OpenAPI), not a
 * gateway code, so e-services switch on what their version promises. Pure.
 */
export function operationErrorProblem(input: OperationErrorProblemInput): Record<string, unknown> {
  const detail = input.detail ?? input.errorCase.detail;
  return {
    type: input.type,
    title: input.errorCase.title[input.language],
    status: input.errorCase.status,
    ...(detail === undefined ? {} : { detail: detail[input.language] }),
    code: input.code,
    requestId: input.requestId,
    contract: input.contract,
    version: input.version,
    operation: input.operationId,
  };
}

/** The response for a problem built here, with the headers the gateway's own problem responder sends. */
export function problemResponse(
  problem: Record<string, unknown>,
  language: Language,
  headers: Readonly<Record<string, string>>,
): Response {
  return new Response(JSON.stringify(scrubDeep(problem)), {
    status: problem.status as number,
    headers: {
      ...headers,
      'Content-Type': problemContentType,
      'Content-Language': language,
      Vary: 'Accept-Language',
      'Cache-Control': 'no-store',
    },
  });
}
