import { decodeProtectedHeader, exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JwksCache } from './jwks-cache.ts';

async function key(kid: string) {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { kid, pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

describe('JwksCache', () => {
  let first: Awaited<ReturnType<typeof key>>;
  let second: Awaited<ReturnType<typeof key>>;
  beforeAll(async () => {
    first = await key('one');
    second = await key('two');
  });

  const header = async (entry: Awaited<ReturnType<typeof key>>) =>
    decodeProtectedHeader(
      await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: entry.kid }).sign(entry.pair.privateKey),
    );

  it('fetches once, refetches for an unknown kid only after the cooldown, and shares concurrent refetches', async () => {
    let published: JSONWebKeySet = { keys: [first.jwk] };
    let fetches = 0;
    let clock = 0;
    const cache = new JwksCache({
      uri: 'https://idp.example/jwks',
      fetchJwks: async () => {
        fetches += 1;
        return published;
      },
      now: () => clock,
    });
    await cache.resolve(await header(first));
    await cache.resolve(await header(first));
    expect(fetches).toBe(1);

    published = { keys: [second.jwk] };
    await expect(cache.resolve(await header(second))).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(fetches).toBe(1);

    clock = 30_000;
    await Promise.all(Array.from({ length: 10 }, async () => cache.resolve(await header(second))));
    expect(fetches).toBe(2);
    expect(cache.fetches).toBe(2);
    // A kid still unknown after the refetch waits for the next cooldown.
    await expect(cache.resolve({ alg: 'ES256', kid: 'forged' })).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(fetches).toBe(2);
  });

  it('refreshes a key set older than its maximum age', async () => {
    let fetches = 0;
    let clock = 0;
    const cache = new JwksCache({
      uri: 'u',
      fetchJwks: async () => {
        fetches += 1;
        return { keys: [first.jwk] };
      },
      now: () => clock,
      maxAgeMs: 1000,
    });
    await cache.resolve(await header(first));
    clock = 1000;
    await cache.resolve(await header(first));
    expect(fetches).toBe(2);
  });
});
