import type { MiddlewareHandler } from 'hono';
import { containsPersonnummer } from '../../../log/scrub.ts';
import { setResponseHeader } from '../response-header/index.ts';

export interface RequestIdOptions {
  /** Default `X-Request-Id`. */
  readonly headerName?: string;
  /** Default: 1-128 characters of `A-Z a-z 0-9 . _ -`. */
  readonly pattern?: RegExp;
}

const defaultPattern = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Whether an incoming id may be reused. It ends up in logs and in problem documents, so besides the safe
 * character set it must not look like a personnummer (`199001011234` passes the pattern).
 */
export function isAcceptableRequestId(
  value: string | undefined,
  pattern: RegExp = defaultPattern,
): value is string {
  return value !== undefined && pattern.test(value) && !containsPersonnummer(value);
}

/** A random UUID, re-drawn in the rare case its digits happen to look like a personnummer. */
export function generateRequestId(): string {
  for (;;) {
    const id = crypto.randomUUID();
    if (!containsPersonnummer(id)) return id;
  }
}

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is safe, otherwise a new UUID. The id is put
 * on the context as `requestId` and echoed on the response.
 *
 * @example
 * app.use(requestId());
 * app.get('/x', (c) => c.text(c.var.requestId));
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<{
  Variables: { requestId: string };
}> {
  const headerName = options.headerName ?? 'X-Request-Id';
  const pattern = options.pattern ?? defaultPattern;
  return async function requestId(c, next) {
    const incoming = c.req.header(headerName);
    const id = isAcceptableRequestId(incoming, pattern) ? incoming : generateRequestId();
    c.set('requestId', id);
    await next();
    setResponseHeader(c, headerName, id);
  };
}
