import { buildProblem, errorCatalogue, problemContentType } from '@brygga/contract';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import { scrubDeep } from '../../log/scrub.ts';
import type { GatewayEnv } from '../env.ts';
import { negotiateLanguage } from './language.ts';
import { translateError } from './translate.ts';

export type ProblemResponder = (error: unknown, c: Context<GatewayEnv>) => Response;

export interface ProblemResponderOptions {
  /** Used when the failure happened before the request got its own child logger. */
  readonly logger: Logger;
}

/**
 * Builds the function `app.onError`, `app.notFound` and the problem boundary all answer through, so every
 * failure becomes the same kind of RFC 9457 document: stable `code`, title in the reader's language,
 * `requestId`, never a stack, never the error's message, never the raw path (no `instance`: the request id
 * already names this occurrence, and paths can carry personal data).
 */
export function createProblemResponder(options: ProblemResponderOptions): ProblemResponder {
  return function respondWithProblem(error, c) {
    const language = negotiateLanguage(c.req.header('accept-language'));
    const translation = translateError(error, language);
    const status = errorCatalogue[translation.code].status;
    const log = c.get('log') ?? options.logger;
    if (!translation.expected) log.error({ err: error }, 'unexpected error');
    // An expected 5xx with a cause (a business system down) is worth a line of its own; the access line
    // already carries the code of the others (shutting_down...).
    else if (status >= 500 && error instanceof Error && error.cause !== undefined) {
      log.warn({ err: error }, 'request failed');
    }
    c.set('problemCode', translation.code);

    const problem = buildProblem({
      code: translation.code,
      language,
      detail: translation.detail,
      requestId: c.get('requestId'),
      extensions: translation.extensions,
    });
    return new Response(JSON.stringify(scrubDeep(problem)), {
      status,
      headers: {
        ...translation.headers,
        'Content-Type': problemContentType,
        'Content-Language': language,
        Vary: 'Accept-Language',
        'Cache-Control': 'no-store',
      },
    });
  };
}
