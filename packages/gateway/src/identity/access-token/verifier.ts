import type { KeyObject } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import { jwtVerify } from 'jose';
import { ExpiringCache } from './expiring-cache.ts';

/** Who is calling the gateway's API, from a verified access token. */
export interface Caller {
  readonly eServiceId: string;
  readonly clientId: string;
  /** The contracts the token is good for. */
  readonly scopes: readonly string[];
  /** Present when the e-service acts for a logged-in citizen; absent for its backend (client credentials). */
  readonly subject?: { readonly sessionRef: string };
}

export interface AccessTokenVerifierOptions {
  /** The gateway's OpenID Provider issuer. */
  readonly issuer: string;
  /** The gateway API's audience. */
  readonly audience: string;
  /** The public half of the gateway's signing key. */
  readonly publicKey: KeyObject | CryptoKey;
  readonly algorithm: string;
  /** Registered e-services by client id; a token of any other client is refused. */
  readonly eServiceOf: (clientId: string) => string | undefined;
  /** Verified tokens kept. Default 10 000. */
  readonly cacheSize?: number;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
}

/** jose's clock tolerance for our own tokens: none, both sides use this clock. */
const toleranceSeconds = 0;

/**
 * Verifies the JWT access tokens the gateway issued (RFC 9068 `at+jwt`, signed with its own key, so nothing
 * is fetched): issuer, audience, algorithm, lifetime, and a client that is still a registered e-service. A
 * verified token is remembered until its `exp` (never past it), in a bounded LRU map, so an e-service calling
 * with the same token again costs one map lookup instead of a signature check.
 */
export class AccessTokenVerifier {
  readonly #options: AccessTokenVerifierOptions;
  readonly #cache: ExpiringCache<Caller>;
  readonly #now: () => number;

  constructor(options: AccessTokenVerifierOptions) {
    this.#options = options;
    this.#cache = new ExpiringCache(options.cacheSize ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** Throws `unauthenticated` (with a WWW-Authenticate challenge) for anything but a valid token. */
  async verify(token: string): Promise<Caller> {
    const now = this.#now();
    const cached = this.#cache.get(token, now);
    if (cached !== undefined) return cached;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.#options.publicKey, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        algorithms: [this.#options.algorithm],
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'client_id', 'jti', 'sub'],
        clockTolerance: toleranceSeconds,
        currentDate: new Date(now),
      }));
    } catch (cause) {
      throw invalidToken(cause);
    }
    const clientId = payload.client_id;
    const eServiceId = typeof clientId === 'string' ? this.#options.eServiceOf(clientId) : undefined;
    if (typeof clientId !== 'string' || eServiceId === undefined) throw invalidToken();
    const sessionRef = payload.session_ref;
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const caller: Caller = {
      eServiceId,
      clientId,
      scopes: scope === '' ? [] : scope.split(' '),
      ...(typeof sessionRef === 'string' && sessionRef !== '' ? { subject: { sessionRef } } : {}),
    };
    this.#cache.set(token, caller, (payload.exp as number) * 1000);
    return caller;
  }
}

function invalidToken(cause?: unknown): BryggaError {
  return new BryggaError('unauthenticated', {
    detail: 'The access token is missing, invalid or expired.',
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    cause,
  });
}
