import { describe, expect, it } from 'vitest';
import { checkIdTokenClaims, type IdTokenExpectations } from './id-token-claims.ts';

const now = 1_800_000_000;
const loa3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
const expected: IdTokenExpectations = { clientId: 'gw', nonce: 'n', acceptedAcr: [loa3], now };
const good = {
  iss: 'i',
  aud: 'gw',
  sub: 's',
  exp: now + 300,
  iat: now,
  nonce: 'n',
  acr: loa3,
  auth_time: now - 10,
};

describe('checkIdTokenClaims', () => {
  it('accepts a good token, and aud as an array holding only us', () => {
    expect(checkIdTokenClaims(good, expected)).toMatchObject({
      ok: true,
      sub: 's',
      acr: loa3,
      authTime: now - 10,
    });
    expect(checkIdTokenClaims({ ...good, aud: ['gw'], azp: 'gw' }, expected).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, Partial<IdTokenExpectations>?]>([
    ['extra audience', { aud: ['gw', 'x'], azp: 'gw' }, 'id_token_aud'],
    ['azp of another', { azp: 'x' }, 'id_token_azp'],
    ['iat too old', { iat: now - 400 }, 'id_token_iat'],
    ['iat ahead', { iat: now + 120 }, 'id_token_iat'],
    ['exp past', { exp: now - 60 }, 'id_token_exp'],
    ['acr not accepted', { acr: 'x' }, 'acr_not_allowed'],
    ['auth_time after now', { auth_time: now + 300 }, 'auth_time_stale'],
    ['auth_time before prompt=login', { auth_time: now - 100 }, 'auth_time_stale', { freshSince: now - 10 }],
    ['auth_time beyond max_age', { auth_time: now - 100 }, 'auth_time_stale', { maxAge: 30 }],
  ])('refuses %s', (_name, change, reason, more) => {
    expect(checkIdTokenClaims({ ...good, ...change }, { ...expected, ...more })).toEqual({
      ok: false,
      reason,
    });
  });

  it('tolerates 30 seconds of clock difference, not more', () => {
    expect(checkIdTokenClaims({ ...good, iat: now + 25 }, expected).ok).toBe(true);
    expect(checkIdTokenClaims({ ...good, auth_time: now - 50 }, { ...expected, maxAge: 30 }).ok).toBe(true);
  });
});
