import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProblemResponder } from '../../http/problems/respond.ts';
import { createLogger } from '../../log/index.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { type AccessTokenEnv, requireAccessToken, resolveCitizen } from './middleware.ts';
import { AccessTokenVerifier } from './verifier.ts';

const issuer = 'https://gw.example/oidc';
const audience = 'https://gw.example/api';
let privateKey: KeyObject;
let publicKey: KeyObject;
let clock: number;

beforeAll(() => {
  ({ privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
});

function verifier(cacheSize = 100) {
  return new AccessTokenVerifier({
    issuer,
    audience,
    publicKey,
    algorithm: 'ES256',
    eServiceOf: (clientId) => (clientId === 'bygglov-client' ? 'bygglov' : undefined),
    cacheSize,
    now: () => clock,
  });
}

async function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key = privateKey,
) {
  const now = Math.floor(clock / 1000);
  return new SignJWT({
    iss: issuer,
    aud: audience,
    sub: 'pairwise-sub',
    client_id: 'bygglov-client',
    scope: 'case-management',
    session_ref: 'ref-1',
    jti: 'j',
    iat: now,
    exp: now + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...header })
    .sign(key);
}

describe('AccessTokenVerifier', () => {
  it('turns a valid token into the caller', async () => {
    clock = 1_800_000_000_000;
    expect(await verifier().verify(await token())).toEqual({
      eServiceId: 'bygglov',
      clientId: 'bygglov-client',
      scopes: ['case-management'],
      subject: { sessionRef: 'ref-1' },
    });
    const backend = await verifier().verify(await token({ session_ref: undefined, sub: 'bygglov-client' }));
    expect(backend.subject).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>?]>([
    ['another issuer', { iss: 'https://other.example' }],
    ['another audience', { aud: 'https://gw.example/other' }],
    ['expired', { exp: 1_800_000_000 - 1 }],
    ['a client that is no registered e-service', { client_id: 'stranger' }],
    ['the typ of an ID token', {}, { typ: 'JWT' }],
  ])('refuses %s', async (_name, claims, header) => {
    clock = 1_800_000_000_000;
    await expect(verifier().verify(await token(claims, header))).rejects.toMatchObject({
      code: 'unauthenticated',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  });

  it('refuses a token signed with another key, or tampered with', async () => {
    clock = 1_800_000_000_000;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await expect(verifier().verify(await token({}, {}, other))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    const [h, , s] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ scope: 'everything' })).toString('base64url');
    await expect(verifier().verify(`${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('answers a repeated token from its cache, but never after the token expired', async () => {
    clock = 1_800_000_000_000;
    const v = verifier();
    const value = await token();
    await v.verify(value);
    // Once cached, a key change would not matter; the clock still does.
    clock += 299_000;
    await expect(v.verify(value)).resolves.toMatchObject({ eServiceId: 'bygglov' });
    clock += 1_000;
    await expect(v.verify(value)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('ExpiringCache', () => {
  it('is bounded, oldest out first, and returns nothing at or after expiry', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    cache.set('c', 3, 100);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('c', 99)).toBe(3);
    expect(cache.get('c', 100)).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});

describe('requireAccessToken and resolveCitizen', () => {
  const logger = createLogger({ level: 'silent' });
  function app(
    scopes: string[],
    citizens = async (ref: string) => (ref === 'ref-1' ? '191212121212' : undefined),
  ) {
    const respond = createProblemResponder({ logger });
    const hono = new Hono<AccessTokenEnv>();
    hono.get('/cases', requireAccessToken({ verifier: verifier(), scopes, citizens }), async (c) =>
      c.json({ caller: c.get('caller'), number: await resolveCitizen(c) }),
    );
    hono.onError((error, c) => respond(error, c as never));
    return hono;
  }
  const call = (hono: Hono<AccessTokenEnv>, authorization?: string) =>
    hono.request('/cases', authorization ? { headers: { authorization } } : {});

  it('lets a citizen token with the scope through and resolves the number server-side', async () => {
    clock = 1_800_000_000_000;
    const response = await call(app(['case-management']), `Bearer ${await token()}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      number: '191212121212',
      caller: { eServiceId: 'bygglov' },
    });
  });

  it('asks for a token (401) and for the scope (403), as RFC 6750 says', async () => {
    clock = 1_800_000_000_000;
    const missing = await call(app([]));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const malformed = await call(app([]), 'Basic abc');
    expect(malformed.status).toBe(401);
    const scope = await call(app(['other-contract']), `Bearer ${await token()}`);
    expect(scope.status).toBe(403);
    expect(scope.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="other-contract"',
    );
  });

  it('refuses the number for a token without a citizen, and once the session ended', async () => {
    clock = 1_800_000_000_000;
    const backend = await call(app([]), `Bearer ${await token({ session_ref: undefined })}`);
    expect(backend.status).toBe(403);
    const ended = await call(
      app([], async () => undefined),
      `Bearer ${await token()}`,
    );
    expect(ended.status).toBe(401);
    const body = await ended.text();
    expect(body).not.toContain('191212121212');
  });
});
