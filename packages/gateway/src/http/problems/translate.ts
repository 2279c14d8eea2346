import { BryggaError, type ErrorCode, errorCatalogue, errorCodes, type Language } from '@brygga/contract';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { describeIssues } from './validation.ts';

/** What a thrown value means at the HTTP boundary. */
export interface Translation {
  readonly code: ErrorCode;
  readonly detail?: string | undefined;
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** False for failures nobody raised on purpose: those are logged with their stack. */
  readonly expected: boolean;
}

function isZodError(error: unknown): error is z.core.$ZodError {
  if (error instanceof z.core.$ZodError) return true;
  // A second copy of zod (another package's) fails instanceof; its errors still look like this.
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/** V8's JSON.parse messages all name JSON; other SyntaxErrors (a bad RegExp...) are our bug, not the body. */
function isJsonSyntaxError(error: unknown): boolean {
  return error instanceof SyntaxError && /JSON/.test(error.message);
}

/** The first catalogue code with this status, so 400 is `bad_request` and 503 `service_unavailable`. */
function codeForStatus(status: number): ErrorCode {
  const code = errorCodes.find((candidate) => errorCatalogue[candidate].status === status);
  if (code !== undefined) return code;
  return status >= 500 ? 'internal_error' : 'bad_request';
}

/**
 * The one translation from anything thrown to a stable error code. Never copies an error's message:
 * only a BryggaError's `detail`, which is written for people and holds no request data. Pure.
 */
export function translateError(error: unknown, language: Language): Translation {
  if (BryggaError.is(error)) {
    return {
      code: error.code,
      detail: error.detail,
      extensions: error.extensions,
      headers: error.headers,
      expected: true,
    };
  }
  if (isZodError(error)) {
    return {
      code: 'validation_failed',
      extensions: { errors: describeIssues(error.issues, language) },
      headers: {},
      expected: true,
    };
  }
  if (isJsonSyntaxError(error)) return { code: 'malformed_json', headers: {}, expected: true };
  if (error instanceof HTTPException) {
    const challenge = error.res?.headers.get('www-authenticate');
    return {
      code: codeForStatus(error.status),
      headers: challenge ? { 'WWW-Authenticate': challenge } : {},
      expected: error.status < 500,
    };
  }
  return { code: 'internal_error', headers: {}, expected: false };
}
