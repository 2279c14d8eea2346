import { BryggaError } from '@brygga/contract';
import type { Context, MiddlewareHandler } from 'hono';
import type { AccessTokenVerifier, Caller } from './verifier.ts';

/** Turns a session reference into the citizen's personnummer, server-side; undefined once the session ended. */
export type CitizenResolver = (sessionRef: string) => Promise<string | undefined>;

export type AccessTokenEnv = {
  Variables: {
    /** Who is calling, from the verified access token. */
    caller: Caller;
    /** Set by requireAccessToken; used by resolveCitizen. */
    citizenResolver: CitizenResolver | undefined;
  };
};

export interface RequireAccessTokenOptions {
  readonly verifier: AccessTokenVerifier;
  /** Every one of these scopes (contract names) must be granted to the token. Default: none. */
  readonly scopes?: readonly string[];
  /** Needed by routes that call `resolveCitizen`. */
  readonly citizens?: CitizenResolver;
}

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Lets a request through only with a valid access token from the gateway (`Authorization: Bearer …`) that holds
 * the required scopes, and puts the caller on the context: `{ eServiceId, clientId, scopes, subject? }`.
 * Missing or invalid token: 401 with `WWW-Authenticate: Bearer`; a scope missing: 403 `insufficient_scope`.
 *
 * @example
 * app.get('/cases', requireAccessToken({ verifier, scopes: ['case-management'] }), (c) =>
 *   c.json({ calledBy: c.var.caller.eServiceId }),
 * );
 */
export function requireAccessToken(options: RequireAccessTokenOptions): MiddlewareHandler<AccessTokenEnv> {
  const required = options.scopes ?? [];
  const scopeHint = required.join(' ');
  return async function requireAccessToken(c, next) {
    const match = bearer.exec(c.req.header('authorization') ?? '');
    if (match?.[1] === undefined) {
      throw new BryggaError('unauthenticated', {
        detail: 'This call needs an access token from the gateway.',
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    const caller = await options.verifier.verify(match[1]);
    for (const scope of required) {
      if (!caller.scopes.includes(scope)) {
        throw new BryggaError('forbidden', {
          detail: 'The access token does not cover this contract.',
          headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scopeHint}"` },
        });
      }
    }
    c.set('caller', caller);
    c.set('citizenResolver', options.citizens);
    await next();
  };
}

/**
 * The personnummer of the citizen an e-service is acting for, read server-side from the login session the
 * token refers to. Only for the moment a business-system call needs it: never log it, never return it to the
 * e-service. Throws `forbidden` for a token without a citizen, `unauthenticated` once the session has ended.
 */
export async function resolveCitizen(c: Context<AccessTokenEnv>): Promise<string> {
  const caller = c.get('caller');
  const resolver = c.get('citizenResolver');
  if (caller === undefined)
    throw new BryggaError('internal_error', { detail: 'requireAccessToken did not run.' });
  if (caller.subject === undefined) {
    throw new BryggaError('forbidden', { detail: 'This call was made without a logged-in citizen.' });
  }
  if (resolver === undefined) {
    throw new BryggaError('internal_error', { detail: 'requireAccessToken was given no citizen resolver.' });
  }
  const number = await resolver(caller.subject.sessionRef);
  if (number === undefined) {
    throw new BryggaError('unauthenticated', {
      detail: 'The citizen is no longer logged in.',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
  return number;
}
