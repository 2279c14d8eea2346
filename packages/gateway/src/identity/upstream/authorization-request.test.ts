import { describe, expect, it } from 'vitest';
import { acrValuesFor, authorizationParameters, requestedAcrValues } from './authorization-request.ts';

const loa3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
const loa4 = 'http://id.elegnamnden.se/loa/1.0/loa4';

describe('the upstream authorization request', () => {
  it('follows the Swedish profile: code, PKCE S256, state, nonce, essential acr in the claims parameter', () => {
    const params = authorizationParameters({
      redirectUri: 'https://gw.example/auth/callback',
      scopes: ['https://id.oidc.se/scope/naturalPersonNumber'],
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
      acrValues: [loa3],
      promptLogin: false,
    });
    expect(params).toEqual({
      response_type: 'code',
      redirect_uri: 'https://gw.example/auth/callback',
      scope: 'openid https://id.oidc.se/scope/naturalPersonNumber',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      claims: JSON.stringify({ id_token: { acr: { essential: true, values: [loa3] } } }),
    });
  });

  it('passes a step-up on: prompt=login and max_age', () => {
    const params = authorizationParameters({
      redirectUri: 'r',
      scopes: ['openid'],
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
      acrValues: [loa3],
      promptLogin: true,
      maxAge: 0,
    });
    expect(params).toMatchObject({ prompt: 'login', max_age: '0', scope: 'openid' });
  });

  it('asks for what the e-service asked for, within what the provider is trusted for', () => {
    expect(acrValuesFor([loa3, loa4], undefined)).toEqual([loa3, loa4]);
    expect(acrValuesFor([loa3, loa4], [loa4])).toEqual([loa4]);
    expect(acrValuesFor([loa3], [loa4])).toEqual([]);
    expect(
      requestedAcrValues(JSON.stringify({ id_token: { acr: { essential: true, values: [loa4] } } })),
    ).toEqual([loa4]);
    expect(
      requestedAcrValues(JSON.stringify({ id_token: { acr: { essential: true, value: loa4 } } })),
    ).toEqual([loa4]);
    expect(requestedAcrValues(JSON.stringify({ id_token: { acr: { values: [loa4] } } }))).toBeUndefined();
    expect(requestedAcrValues('{not json')).toBeUndefined();
  });
});
