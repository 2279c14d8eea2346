import { type Dispatcher, getGlobalDispatcher, request } from 'undici';
import { TokenRequestError } from '../errors.ts';
import { dispatchAfter } from './fail.ts';
import { Forward } from './forward.ts';
import { withHeader } from './headers.ts';
import type { DispatchController, DispatchHandler, Interceptor } from './types.ts';

export interface ClientCredentialsOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  /** Refresh this long before `expires_in` runs out, so no call leaves with a token about to lapse. Default 30 s. */
  readonly refreshBeforeMs?: number;
  /**
   * Longest wait for the token endpoint's whole answer (connection, status and body); past it the calls waiting
   * for the token fail with TokenRequestError. Default 5 s: undici's own limits would leave them hanging 300 s.
   */
  readonly tokenTimeoutMs?: number;
  /** For the token endpoint; never the composed dispatcher this interceptor is part of. Default: the global one. */
  readonly dispatcher?: Dispatcher;
  /** For tests. */
  readonly now?: () => number;
}

export interface ClientCredentialsInterceptor extends Interceptor {
  /** The current access token, fetching one if none is valid; concurrent callers share one request. */
  token(): Promise<string>;
}

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) towards the business system: the token is cached until shortly
 * before it expires, refreshed by one request however many calls wait for it, and dropped when the business
 * system answers 401, so the next call fetches a new one. Errors never carry the secret or the endpoint's body.
 *
 * @example agent.compose(oauthClientCredentials({ tokenUrl, clientId, clientSecret, scope: 'cases' }))
 */
export function oauthClientCredentials(options: ClientCredentialsOptions): ClientCredentialsInterceptor {
  const { refreshBeforeMs = 30_000, tokenTimeoutMs = 5_000, now = Date.now } = options;
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  async function fetchToken(): Promise<CachedToken> {
    // client_secret_basic: both parts form-encoded before base64, as RFC 6749 §2.3.1 asks.
    const basic = Buffer.from(
      `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
    ).toString('base64');
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope) form.set('scope', options.scope);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(options.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        dispatcher: options.dispatcher ?? getGlobalDispatcher(),
        // Also bounds reading the body below: undici aborts the body stream with the signal.
        signal: AbortSignal.timeout(tokenTimeoutMs),
      });
    } catch (cause) {
      throw new TokenRequestError(undefined, { cause });
    }
    const body = (await response.body.json().catch(() => undefined)) as
      | { access_token?: unknown; expires_in?: unknown; token_type?: unknown }
      | undefined;
    const value = body?.access_token;
    if (response.statusCode !== 200 || typeof value !== 'string' || value === '') {
      throw new TokenRequestError(response.statusCode);
    }
    const expiresIn = lifetimeMs(body?.expires_in);
    // A token without a lifetime is used for this one call and fetched again next time. A lifetime no longer
    // than the margin is still kept for half of it: otherwise refreshAt lies in the past and every call
    // fetches a token of its own.
    return { value, refreshAt: now() + Math.max(expiresIn - refreshBeforeMs, expiresIn / 2) };
  }

  async function token(): Promise<string> {
    if (cached && now() < cached.refreshAt) return cached.value;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    const fresh = await pending;
    cached = fresh;
    return fresh.value;
  }

  const interceptor: Interceptor = (dispatch) =>
    function oauthClientCredentials(opts, handler) {
      let value = '';
      return dispatchAfter(
        token().then((current) => {
          value = current;
        }),
        (inner) => {
          const onUnauthorized = () => {
            if (cached?.value === value) cached = undefined;
          };
          dispatch(withHeader(opts, 'authorization', `Bearer ${value}`), new Watch401(inner, onUnauthorized));
        },
        handler,
      );
    };
  return Object.assign(interceptor, { token });
}

/** `expires_in` in ms: seconds as a number or, as some servers send it, a numeric string; 0 if absent. */
function lifetimeMs(expiresIn: unknown): number {
  const seconds =
    typeof expiresIn === 'number'
      ? expiresIn
      : typeof expiresIn === 'string'
        ? Number(expiresIn.trim() || NaN)
        : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** Drops the cached token when the business system rejects it. */
class Watch401 extends Forward {
  readonly #onUnauthorized: () => void;

  constructor(handler: DispatchHandler, onUnauthorized: () => void) {
    super(handler);
    this.#onUnauthorized = onUnauthorized;
  }

  override onResponseStart(controller: DispatchController, status: number, headers: never, message?: string) {
    if (status === 401) this.#onUnauthorized();
    super.onResponseStart(controller, status, headers, message);
  }
}
