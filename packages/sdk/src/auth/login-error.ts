import * as oidc from 'openid-client';

/**
 * Why a login did not complete. `access_denied`: the person cancelled or the e-identification failed (show a
 * calm "try again"); `state_mismatch`: the callback does not belong to this browser's login (expired, replayed or
 * forged; start over); `login_failed`: anything else, with openid-client's error as `cause` (for logs).
 */
export type LoginErrorCode = 'access_denied' | 'state_mismatch' | 'login_failed';

export class LoginError extends Error {
  readonly code: LoginErrorCode;
  /** The OAuth `error` value, when the gateway sent one. */
  readonly oauthError: string | undefined;

  constructor(code: LoginErrorCode, message: string, options: { oauthError?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LoginError';
    this.code = code;
    this.oauthError = options.oauthError;
  }
}

/** Translates what openid-client throws into a {@link LoginError}, once, keeping the original as `cause`. */
export function loginErrorFrom(cause: unknown): LoginError {
  if (cause instanceof LoginError) return cause;
  if (cause instanceof oidc.AuthorizationResponseError || cause instanceof oidc.ResponseBodyError) {
    const code = cause.error === 'access_denied' ? 'access_denied' : 'login_failed';
    return new LoginError(code, `The gateway answered ${cause.error}.`, { oauthError: cause.error, cause });
  }
  return new LoginError('login_failed', `The login could not be completed: ${reasons(cause)}.`, { cause });
}

// openid-client wraps the precise reason (which attribute or claim failed; never its value) in `cause`.
function reasons(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error && messages.length < 4; current = current.cause) {
    messages.push(current.message);
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
