import { type ErrorCode, errorCatalogue, type Language } from './codes.ts';

/** An RFC 9457 problem document as Brygga sends it. */
export interface Problem {
  /** A URI reference naming the kind of problem; resolves to a page that explains it. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Stable machine-readable code: switch on this, not on `title`. */
  readonly code: ErrorCode;
  /** The request id, to quote when asking for help. */
  readonly requestId?: string;
  readonly [extension: string]: unknown;
}

export const problemContentType = 'application/problem+json';

export function problemType(code: ErrorCode): string {
  return `/problems/${code.replaceAll('_', '-')}`;
}

export interface ProblemInput {
  readonly code: ErrorCode;
  readonly language: Language;
  readonly detail?: string | undefined;
  readonly instance?: string | undefined;
  readonly requestId?: string | undefined;
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

/** Builds the problem document for a code, in the reader's language. Pure. */
export function buildProblem(input: ProblemInput): Problem {
  const definition = errorCatalogue[input.code];
  return {
    // Extensions first so they can never overwrite the standard members.
    ...input.extensions,
    type: problemType(input.code),
    title: definition.title[input.language],
    status: definition.status,
    ...(input.detail === undefined ? {} : { detail: input.detail }),
    ...(input.instance === undefined ? {} : { instance: input.instance }),
    code: input.code,
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  };
}
