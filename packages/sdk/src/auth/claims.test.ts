import { describe, expect, it } from 'vitest';
import { claimsProblem, pickClaims } from './claims.ts';

const base = { iss: 'https://g.se/oidc', sub: 's', aud: 'c', exp: 2000, iat: 1000, acr: 'loa3' };

describe('pickClaims', () => {
  it('keeps who and how, and drops everything else, personal data included', () => {
    const picked = pickClaims({
      ...base,
      amr: ['bankid'],
      sid: 'x',
      nonce: 'n',
      'https://id.oidc.se/claim/personalIdentityNumber': '191212121212',
      ssn: '191212121212',
      name: 'Tolvan Tolvansson',
    });
    expect(picked).toEqual({ ...base, amr: ['bankid'], sid: 'x' });
  });
});

describe('claimsProblem', () => {
  it('accepts a fresh token with an accepted acr', () => {
    expect(
      claimsProblem(pickClaims(base), 1100, { acceptedAcr: ['loa3'], maxAgeSeconds: 600 }),
    ).toBeUndefined();
    expect(claimsProblem(pickClaims(base), 1100, { maxAgeSeconds: 600 })).toBeUndefined();
  });

  it('refuses an acr outside the list, or none', () => {
    expect(claimsProblem(pickClaims(base), 1100, { acceptedAcr: ['loa4'], maxAgeSeconds: 600 })).toMatch(
      /loa3 is not accepted/,
    );
    const { acr: _, ...noAcr } = base;
    expect(claimsProblem(pickClaims(noAcr), 1100, { acceptedAcr: ['loa3'], maxAgeSeconds: 600 })).toMatch(
      /\(none\)/,
    );
  });

  it('refuses a token issued longer ago than the limit', () => {
    expect(claimsProblem(pickClaims(base), 1600, { maxAgeSeconds: 600 })).toBeUndefined();
    expect(claimsProblem(pickClaims(base), 1601, { maxAgeSeconds: 600 })).toMatch(/too long ago/);
  });
});
