import { describe, expect, it } from 'vitest';
import { checkAuthorizationResponse } from './authorization-response.ts';

const expected = { state: 'the-state', issuer: 'https://idp.example', issAdvertised: true };
const check = (query: string, overrides = {}) =>
  checkAuthorizationResponse(new URLSearchParams(query), { ...expected, ...overrides });

describe('the authorization response', () => {
  it('gives the code when state and iss are right', () => {
    expect(check('code=c&state=the-state&iss=https%3A%2F%2Fidp.example')).toEqual({ ok: true, code: 'c' });
    expect(check('code=c&state=the-state', { issAdvertised: false })).toEqual({ ok: true, code: 'c' });
  });

  it.each([
    ['code=c&iss=https%3A%2F%2Fidp.example', 'state_mismatch'],
    ['code=c&state=other&iss=https%3A%2F%2Fidp.example', 'state_mismatch'],
    ['code=c&state=the-state&state=the-state&iss=https%3A%2F%2Fidp.example', 'state_mismatch'],
    ['code=c&state=the-state', 'issuer_missing'],
    ['code=c&state=the-state&iss=https%3A%2F%2Fother.example', 'issuer_mismatch'],
    ['error=access_denied&state=the-state&iss=https%3A%2F%2Fidp.example', 'cancelled'],
    ['error=server_error&state=the-state&iss=https%3A%2F%2Fidp.example', 'provider_error'],
    ['state=the-state&iss=https%3A%2F%2Fidp.example', 'code_missing'],
  ])('%s → %s', (query, reason) => {
    expect(check(query)).toEqual({ ok: false, reason });
  });

  it('checks state before believing an error (an attacker cannot fail the login of another person)', () => {
    expect(check('error=access_denied&state=forged&iss=https%3A%2F%2Fidp.example')).toEqual({
      ok: false,
      reason: 'state_mismatch',
    });
  });
});
