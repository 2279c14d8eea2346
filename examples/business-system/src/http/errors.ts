import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Log } from '../log.ts';
import { CaseError, type CaseErrorCode } from '../service/case-error.ts';
import { isSqliteBusy } from '../store/database.ts';
import type { AppEnv } from './env.ts';
import { buildProblem, type ProblemCode, ProblemError, problemContentType } from './problem.ts';

const fromCaseError: Readonly<Record<CaseErrorCode, ProblemCode>> = {
  case_not_found: 'not_found',
  attachment_not_found: 'not_found',
  invalid_status_transition: 'invalid_status_transition',
  idempotency_key_reused: 'idempotency_key_reused',
};

/** Hono's own middleware (body limit, CSRF) throws HTTPException with a status; map the ones it uses. */
const fromHttpStatus: Readonly<Record<number, ProblemCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one place where any thrown value becomes a problem code. */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof CaseError) return new ProblemError(fromCaseError[error.code], { cause: error });
  if (error instanceof HTTPException) {
    return new ProblemError(fromHttpStatus[error.status] ?? 'internal_error', { cause: error });
  }
  // Another connection held the write lock past the busy timeout: nothing was written, so asking again soon is
  // safe (the gateway retries a 503).
  if (isSqliteBusy(error)) {
    return new ProblemError('service_unavailable', { cause: error, headers: { 'retry-after': '1' } });
  }
  return new ProblemError('internal_error', { cause: error });
}

export function problemResponse(c: Context<AppEnv>, error: ProblemError): Response {
  const language = c.get('language') ?? 'sv';
  const document = buildProblem(error, language, c.get('requestId') ?? 'unknown');
  return c.body(JSON.stringify(document), error.status as ContentfulStatusCode, {
    ...error.headers,
    'content-type': problemContentType,
    'content-language': language,
  });
}

/** For `app.onError`. Unexpected errors are logged by name and stack frames only: messages may hold data. */
export function errorHandler(log: Log) {
  return function onError(error: unknown, c: Context<AppEnv>): Response {
    const problem = toProblemError(error);
    if (problem.code === 'service_unavailable') log('database_busy', { requestId: c.get('requestId') });
    if (problem.code === 'internal_error') {
      const cause = problem.cause;
      log('internal_error', {
        requestId: c.get('requestId'),
        error: cause instanceof Error ? cause.name : typeof cause,
        stack: cause instanceof Error ? (cause.stack ?? '').split('\n').slice(1, 8).join('\n') : undefined,
      });
    }
    return problemResponse(c, problem);
  };
}
