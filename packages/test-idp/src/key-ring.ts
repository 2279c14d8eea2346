import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { JWK } from 'oidc-provider';

export interface SigningKey {
  readonly kid: string;
  /** The private JWK, as oidc-provider wants its configuration `jwks`. */
  readonly jwk: JWK;
  readonly privateKey: KeyObject;
}

/** How long a replaced key stays published, so relying parties can still verify tokens signed with it. */
export const retiredKeyTtlMs = 10 * 60 * 1000;

/**
 * The IdP's signing keys: the newest signs, replaced ones stay in the JWKS for `retiredKeyTtlMs`. oidc-provider
 * fixes its keystore at construction, so keys added later are published and used by evil-middleware.ts.
 */
export class KeyRing {
  readonly #keys: { key: SigningKey; retiredAt?: number }[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#keys.push({ key: newSigningKey() });
  }

  /** The key oidc-provider was started with (it signs with this one itself). */
  get initial(): SigningKey {
    return (this.#keys[0] as { key: SigningKey }).key;
  }

  get current(): SigningKey {
    return (this.#keys.at(-1) as { key: SigningKey }).key;
  }

  /** Adds a new signing key; the previous one stays published for a while. Returns the new key's kid. */
  rotate(): string {
    const now = this.#now();
    const last = this.#keys.at(-1);
    if (last) last.retiredAt = now;
    this.#keys.push({ key: newSigningKey() });
    return this.current.kid;
  }

  /** The public JWKS: the current key and every replaced key still within its grace period. */
  publicJwks(): { keys: Record<string, unknown>[] } {
    const now = this.#now();
    // The initial key stays: oidc-provider keeps signing back-channel logout tokens with it.
    const live = this.#keys.filter(
      ({ retiredAt }, index) => index === 0 || retiredAt === undefined || now - retiredAt < retiredKeyTtlMs,
    );
    return { keys: live.map(({ key }) => publicPart(key)) };
  }
}

export function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('base64url');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } as JWK;
  return { kid, jwk, privateKey };
}

function publicPart(key: SigningKey): Record<string, unknown> {
  const { kty, n, e, kid, alg, use } = key.jwk as Record<string, unknown>;
  return { kty, n, e, kid, alg, use };
}
