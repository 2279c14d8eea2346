import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt } from './jwt.ts';
import { KeyRing, retiredKeyTtlMs } from './key-ring.ts';

describe('the signing key ring', () => {
  it('publishes a new key at rotation and keeps the previous one for a while', () => {
    let now = 1_000_000;
    const ring = new KeyRing(() => now);
    const first = ring.current.kid;
    const second = ring.rotate();
    const third = ring.rotate();
    expect(ring.current.kid).toBe(third);
    expect(ring.publicJwks().keys.map((key) => key.kid)).toEqual([first, second, third]);
    now += retiredKeyTtlMs;
    // The initial key stays: oidc-provider still signs logout tokens with it.
    expect(ring.publicJwks().keys.map((key) => key.kid)).toEqual([first, third]);
  });

  it('publishes only public parts, and they verify what the current key signs', () => {
    const ring = new KeyRing();
    ring.rotate();
    const published = ring.publicJwks().keys.find((key) => key.kid === ring.current.kid);
    expect(published && 'd' in published).toBe(false);
    const token = signJwt(
      { sub: 'x' },
      { alg: 'RS256', key: ring.current.privateKey, kid: ring.current.kid },
    );
    const [header = '', payload = '', signature = ''] = token.split('.');
    const key = createPublicKey({ key: published as import('node:crypto').JsonWebKey, format: 'jwk' });
    expect(
      verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')),
    ).toBe(true);
  });
});
