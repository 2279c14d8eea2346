import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { ProblemError } from './problem.ts';

/**
 * The key a request presents: `Bearer <key>`, or with `allowBasic` the password of HTTP Basic, so a case
 * officer's browser can log in to the page with its own prompt. Pure.
 */
export function presentedKey(authorization: string | undefined, allowBasic: boolean): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (match === null) return undefined;
  const [, scheme = '', credentials = ''] = match;
  if (scheme.toLowerCase() === 'bearer') return credentials;
  if (allowBasic && scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

/** Constant-time comparison; hashing first makes the lengths equal without revealing the key's length. */
export function keysMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface ApiKeyAuthOptions {
  readonly apiKey: string;
  /** Also accept HTTP Basic (any user name, the key as password) and ask browsers for it. */
  readonly allowBasic?: boolean;
}

/**
 * Refuses a request without the system's API key with a 401 problem.
 *
 * @example app.use('/api/*', apiKeyAuth({ apiKey }))
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<AppEnv> {
  const allowBasic = options.allowBasic ?? false;
  const challenge = allowBasic
    ? 'Basic realm="business-system", charset="UTF-8"'
    : 'Bearer realm="business-system"';
  return async function apiKeyAuth(c, next) {
    const key = presentedKey(c.req.header('authorization'), allowBasic);
    if (key === undefined || !keysMatch(key, options.apiKey)) {
      throw new ProblemError('unauthenticated', { headers: { 'www-authenticate': challenge } });
    }
    await next();
  };
}
