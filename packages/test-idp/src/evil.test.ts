import { describe, expect, it } from 'vitest';
import {
  evilAuthorizationResponse,
  evilCases,
  evilIdTokenClaims,
  evilIssuer,
  evilSigning,
  evilUserinfo,
  toCoordinationNumber,
} from './evil.ts';
import { parseIdentityNumber } from './identity-number.ts';
import { claimNames } from './profile.ts';

const now = 1_800_000_000;
const pnr = claimNames.personalIdentityNumber;
const good = {
  iss: 'http://idp',
  sub: 'abc',
  aud: 'rp',
  exp: now + 300,
  iat: now,
  auth_time: now,
  nonce: 'n',
  acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
  [pnr]: '191212121212',
};
const context = { clientId: 'rp', now };

describe('evil ID token claims', () => {
  it.each<[string, Record<string, unknown>]>([
    ['wrongIss', { iss: evilIssuer }],
    ['wrongAud', { aud: 'another-client' }],
    ['extraAud', { aud: ['rp', 'untrusted-client'], azp: 'rp' }],
    ['expired', { iat: now - 600, exp: now - 300 }],
    ['staleIat', { iat: now - 3600 }],
    ['nonceMismatch', { nonce: 'nonce-of-another-login' }],
    ['disallowedAcr', { acr: 'http://id.elegnamnden.se/loa/1.0/loa2' }],
    ['staleAuthTime', { auth_time: now - 3600 }],
    ['badLuhn', { [pnr]: '191212121213' }],
    ['malformedPersonnummer', { [pnr]: '19990101-ABCD' }],
  ])('%s changes exactly what it names', (evil, expected) => {
    const out = evilIdTokenClaims(evil as (typeof evilCases)[number], good, context);
    expect(out).toEqual({ ...good, ...expected });
  });

  it.each([
    ['missingExp', 'exp'],
    ['missingIat', 'iat'],
    ['missingNonce', 'nonce'],
    ['missingSub', 'sub'],
    ['missingAcr', 'acr'],
    ['missingPersonnummer', pnr],
  ] as const)('%s drops %s and nothing else', (evil, claim) => {
    const out = evilIdTokenClaims(evil, good, context);
    expect(claim in out).toBe(false);
    expect(Object.keys(out).length).toBe(Object.keys(good).length - 1);
  });

  it('swaps the personnummer for a valid samordningsnummer of the same birth date', () => {
    const out = evilIdTokenClaims('samordningsnummer', good, context);
    expect(pnr in out).toBe(false);
    const value = out[claimNames.coordinationNumber];
    expect(value).toBe(toCoordinationNumber('191212121212'));
    const parsed = parseIdentityNumber(String(value));
    expect(parsed.ok && parsed.number.kind).toBe('samordningsnummer');
  });

  it('keeps the claim name of ssn and nin brokers', () => {
    expect(evilIdTokenClaims('badLuhn', { ssn: '191212121212' }, context)).toEqual({ ssn: '191212121213' });
  });

  it('leaves the claims alone for cases that are about something else', () => {
    for (const evil of ['badSignature', 'algNone', 'userinfoSubMismatch', 'wrongAuthorizationIss'] as const) {
      expect(evilIdTokenClaims(evil, good, context)).toEqual(good);
    }
  });
});

describe('evil signing, UserInfo and authorization response', () => {
  it('signs wrongly only for the signature cases', () => {
    const wrong = evilCases.filter((evil) => evilSigning(evil) !== 'normal');
    expect(wrong).toEqual(['badSignature', 'algNone', 'hs256ClientSecret', 'unknownKid']);
  });

  it('gives UserInfo another sub, or the broken number where the broker puts it there', () => {
    expect(evilUserinfo('userinfoSubMismatch', { sub: 'abc' })).toEqual({ sub: 'someone-else' });
    expect(evilUserinfo('badLuhn', { sub: 'abc', nin: '191212121212' })).toEqual({
      sub: 'abc',
      nin: '191212121213',
    });
    expect(evilUserinfo('wrongIss', { sub: 'abc' })).toEqual({ sub: 'abc' });
  });

  it('changes or drops the RFC 9207 iss of the redirect back', () => {
    const back = new URL('http://rp/cb?code=c&state=s&iss=http%3A%2F%2Fidp');
    expect(evilAuthorizationResponse('wrongAuthorizationIss', back).searchParams.get('iss')).toBe(evilIssuer);
    expect(evilAuthorizationResponse('missingAuthorizationIss', back).searchParams.has('iss')).toBe(false);
    expect(evilAuthorizationResponse('missingAuthorizationIss', back).searchParams.get('code')).toBe('c');
    expect(evilAuthorizationResponse('nonceMismatch', back).href).toBe(back.href);
  });
});
