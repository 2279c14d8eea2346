import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimNames, loa, scopes, startTestIdp, type TestIdp } from '../src/index.ts';
import { Browser, formAction, options, radioValues, selectedOption } from './browser.ts';

/**
 * The whole authorization-code + PKCE login, as a Relying Party sees it: openid-client 6 on one side, the
 * login page driven with fetch on the other.
 */

const callback = 'http://127.0.0.1:65000/auth/callback';
const tolvan = '191212121212';
const sami = '197010632391';
const typedCoordinationNumber = '198508842385';
const numberScopes = `openid ${scopes.naturalPersonNumber} ${scopes.naturalPersonInfo}`;

let idp: TestIdp;
let logoutReceiver: Server;
let logoutUri: string;
const logoutTokens: string[] = [];
let clientKey: CryptoKeyPair;

beforeAll(async () => {
  logoutReceiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) logoutTokens.push(token);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => logoutReceiver.listen(0, '127.0.0.1', resolve));
  logoutUri = `http://127.0.0.1:${(logoutReceiver.address() as AddressInfo).port}/backchannel-logout`;

  clientKey = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicJwk = await crypto.subtle.exportKey('jwk', clientKey.publicKey);

  idp = await startTestIdp({
    clients: [
      {
        client_id: 'rp-sweden',
        client_secret: 'sweden-secret',
        redirect_uris: [callback],
        post_logout_redirect_uris: ['http://127.0.0.1:65000/'],
        backchannel_logout_uri: logoutUri,
        backchannel_logout_session_required: true,
        claimStyle: 'oidc-sweden',
      },
      {
        client_id: 'rp-ssn',
        client_secret: 'ssn-secret',
        redirect_uris: [callback],
        token_endpoint_auth_method: 'client_secret_post',
        claimStyle: 'ssn',
      },
      { client_id: 'rp-nin', client_secret: 'nin-secret', redirect_uris: [callback], claimStyle: 'nin' },
      {
        client_id: 'rp-jwt',
        redirect_uris: [callback],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...publicJwk, kid: 'rp-jwt-1', alg: 'ES256', use: 'sig' }] },
      },
    ],
  });
});

afterAll(async () => {
  await idp?.close();
  await new Promise((resolve) => logoutReceiver?.close(resolve));
});

async function configFor(clientId: string): Promise<oidc.Configuration> {
  const secrets: Record<string, oidc.ClientAuth> = {
    'rp-sweden': oidc.ClientSecretBasic('sweden-secret'),
    'rp-ssn': oidc.ClientSecretPost('ssn-secret'),
    'rp-nin': oidc.ClientSecretBasic('nin-secret'),
    'rp-jwt': oidc.PrivateKeyJwt({ key: clientKey.privateKey, kid: 'rp-jwt-1' }),
  };
  return oidc.discovery(new URL(idp.issuer), clientId, undefined, secrets[clientId], {
    execute: [oidc.allowInsecureRequests],
  });
}

interface Started {
  readonly config: oidc.Configuration;
  readonly browser: Browser;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** Builds the authorization request and follows it to the login page (or, with an IdP session, to the callback). */
async function begin(clientId: string, params: Record<string, string> = {}, browser = new Browser()) {
  const config = await configFor(clientId);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: numberScopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  const result = await browser.follow(url, new URL(idp.url).origin);
  return { started: { config, browser, verifier, state, nonce } satisfies Started, ...result };
}

/** Posts the login form as a person would, with the page's own defaults for anything not given. */
async function submit(started: Started, page: { at: URL; html: string }, fields: Record<string, string>) {
  const action = new URL(formAction(page.html), page.at);
  const form = {
    person: radioValues(page.html, 'person')[0] ?? '',
    outcome: 'success',
    acr: selectedOption(page.html) ?? '',
    ...fields,
  };
  return started.browser.follow(action, new URL(idp.url).origin, { form });
}

async function finish(started: Started, callbackUrl: URL | undefined) {
  if (!callbackUrl) throw new Error('the login did not return to the client');
  return oidc.authorizationCodeGrant(started.config, callbackUrl, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

async function loginAs(
  clientId: string,
  person: { fixture?: number; typed?: string },
  params: Record<string, string> = {},
) {
  const { started, response, at } = await begin(clientId, params);
  const html = await response.text();
  const fields: Record<string, string> = {};
  if (person.typed) fields.personnummer = person.typed;
  if (person.fixture !== undefined) fields.person = radioValues(html, 'person')[person.fixture] ?? '';
  const done = await submit(started, { at, html }, fields);
  const tokens = await finish(started, done.left);
  return { started, tokens, claims: tokens.claims(), callbackUrl: done.left };
}

function expectNoNumberIn(browser: Browser, ...numbers: string[]) {
  for (const number of numbers) {
    const short = number.slice(2);
    for (const seen of [...browser.urls, ...browser.setCookies]) {
      expect(seen).not.toContain(number);
      expect(seen).not.toContain(short);
    }
  }
}

describe('discovery', () => {
  it('advertises the Swedish OIDC profile', async () => {
    const metadata = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.issuer).toBe(idp.issuer);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['private_key_jwt', 'client_secret_basic', 'client_secret_post']),
    );
    expect(metadata.token_endpoint_auth_methods_supported).toHaveLength(3);
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', scopes.naturalPersonNumber, scopes.naturalPersonInfo]),
    );
    expect(metadata.claims_supported).toEqual(
      expect.arrayContaining([
        claimNames.personalIdentityNumber,
        claimNames.coordinationNumber,
        'name',
        'given_name',
        'family_name',
        'birthdate',
        'acr',
        'amr',
        'auth_time',
        'sid',
      ]),
    );
    expect(metadata.acr_values_supported).toEqual(
      expect.arrayContaining([loa.loa2, loa.loa3, loa.loa4, loa.uncertifiedLoa3]),
    );
    expect(metadata.claims_parameter_supported).toBe(true);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.backchannel_logout_supported).toBe(true);
  });
});

describe('the profile is enforced', () => {
  async function authorize(params: Record<string, string>) {
    const url = new URL('/auth', idp.url);
    const base = {
      client_id: 'rp-sweden',
      redirect_uri: callback,
      scope: 'openid',
      state: 'abc',
      nonce: 'def',
    };
    for (const [name, value] of Object.entries({ ...base, ...params })) url.searchParams.set(name, value);
    return new Browser().follow(url, new URL(idp.url).origin);
  }

  it('requires PKCE', async () => {
    const { left } = await authorize({ response_type: 'code' });
    expect(left?.searchParams.get('error')).toBe('invalid_request');
    expect(left?.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses the plain PKCE method', async () => {
    const { left } = await authorize({
      response_type: 'code',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'plain',
    });
    expect(left?.searchParams.get('error')).toBe('invalid_request');
  });

  it('allows only the code flow', async () => {
    const { left } = await authorize({ response_type: 'id_token' });
    // Errors for an implicit-style request go back in the fragment, where that flow expects them.
    expect(new URLSearchParams(left?.hash.slice(1)).get('error')).toBe('unsupported_response_type');
  });
});

describe('a successful login', () => {
  it('gives an oidc-sweden client the number in the ID token, under a sub that is not the number', async () => {
    const { started, tokens, claims, callbackUrl } = await loginAs('rp-sweden', { fixture: 0 });
    expect(callbackUrl?.searchParams.get('iss')).toBe(idp.issuer);
    expect(claims).toBeDefined();
    if (!claims) return;
    expect(claims[claimNames.personalIdentityNumber]).toBe(tolvan);
    expect(claims[claimNames.coordinationNumber]).toBeUndefined();
    expect(claims.acr).toBe(loa.loa3);
    expect(claims.amr).toEqual(['mfa', 'swk', 'pin']);
    expect(typeof claims.auth_time).toBe('number');
    expect(typeof claims.sid).toBe('string');
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    expect(claims.exp - claims.iat).toBeGreaterThan(0);
    expect(claims.sub).not.toContain(tolvan);
    expect(claims.sub).not.toContain(tolvan.slice(2));
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The naturalPersonInfo scope delivers names from userinfo, as the profile defines it.
    expect(claims.given_name).toBeUndefined();
    const userinfo = await oidc.fetchUserInfo(started.config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({
      sub: claims.sub,
      [claimNames.personalIdentityNumber]: tolvan,
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      name: 'Tolvan Tolvansson',
      birthdate: '1912-12-12',
    });
    expectNoNumberIn(started.browser, tolvan);
  });

  it('gives the same person the same sub on every login', async () => {
    const first = await loginAs('rp-sweden', { fixture: 0 });
    const second = await loginAs('rp-nin', { typed: '19121212-1212' });
    expect(second.claims?.sub).toBe(first.claims?.sub);
  });

  it('gives an ssn client the number and names in the ID token (Idura style), for a typed samordningsnummer', async () => {
    const { started, claims } = await loginAs('rp-ssn', { typed: '850884-2385' });
    expect(claims).toMatchObject({
      ssn: typedCoordinationNumber,
      given_name: 'Test',
      family_name: 'Testsson',
      birthdate: '1985-08-24',
    });
    expect(claims?.[claimNames.personalIdentityNumber]).toBeUndefined();
    expect(claims?.[claimNames.coordinationNumber]).toBeUndefined();
    expectNoNumberIn(started.browser, typedCoordinationNumber);
  });

  it('gives a nin client the number from userinfo only (Signicat style)', async () => {
    const { started, tokens, claims } = await loginAs('rp-nin', { fixture: 1 });
    expect(claims?.nin).toBeUndefined();
    expect(claims?.ssn).toBeUndefined();
    expect(claims?.[claimNames.personalIdentityNumber]).toBeUndefined();
    const userinfo = await oidc.fetchUserInfo(started.config, tokens.access_token, claims?.sub ?? '');
    expect(userinfo).toMatchObject({ nin: '198112189876', nin_type: 'PERSON', nin_issuing_country: 'SE' });
    expect(userinfo.given_name).toBe('Märta');
  });

  it('accepts private_key_jwt and releases coordinationNumberLevel when asked for with the claims parameter', async () => {
    const claimsParam = JSON.stringify({ id_token: { [claimNames.coordinationNumberLevel]: null } });
    const { claims } = await loginAs('rp-jwt', { fixture: 4 }, { claims: claimsParam });
    expect(claims?.[claimNames.coordinationNumber]).toBe(sami);
    expect(claims?.[claimNames.personalIdentityNumber]).toBeUndefined();
    expect(claims?.[claimNames.coordinationNumberLevel]).toBe('confirmed');
  });
});

describe('assurance level', () => {
  it('honours an essential acr from the claims parameter: only that level is offered and returned', async () => {
    const claimsParam = JSON.stringify({ id_token: { acr: { essential: true, values: [loa.loa2] } } });
    const { started, response, at } = await begin('rp-sweden', { claims: claimsParam });
    const html = await response.text();
    expect(options(html)).toEqual([loa.loa2]);
    const done = await submit(started, { at, html }, {});
    const tokens = await finish(started, done.left);
    expect(tokens.claims()?.acr).toBe(loa.loa2);
  });

  it('refuses a level the person did not offer (tampered form) with the form again', async () => {
    const claimsParam = JSON.stringify({ id_token: { acr: { essential: true, value: loa.loa4 } } });
    const { started, response, at } = await begin('rp-sweden', { claims: claimsParam });
    const html = await response.text();
    const again = await submit(started, { at, html }, { acr: loa.loa2 });
    expect(again.response.status).toBe(422);
    expect(await again.response.text()).toContain('Välj en tillitsnivå i listan.');
  });

  it('fails the login when no essential acr value is supported', async () => {
    const claimsParam = JSON.stringify({
      id_token: { acr: { essential: true, values: ['urn:example:loa:unknown'] } },
    });
    const { left } = await begin('rp-sweden', { claims: claimsParam });
    expect(left?.searchParams.get('error')).toBe('access_denied');
  });
});

describe('a failed or cancelled login', () => {
  it('shows the BankID message for userCancel, then returns access_denied to the client', async () => {
    const { started, response, at } = await begin('rp-sweden');
    const html = await response.text();
    const failure = await submit(started, { at, html }, { outcome: 'userCancel' });
    expect(failure.response.status).toBe(200);
    const failureHtml = await failure.response.text();
    expect(failureHtml).toContain('Åtgärden avbruten.');
    expect(failureHtml).toContain('lang="en">Action cancelled.');
    const back = await started.browser.follow(
      new URL(formAction(failureHtml), failure.at),
      new URL(idp.url).origin,
      {
        form: { outcome: 'userCancel' },
      },
    );
    expect(back.left?.searchParams.get('error')).toBe('access_denied');
    expect(back.left?.searchParams.get('iss')).toBe(idp.issuer);
    await expect(finish(started, back.left)).rejects.toMatchObject({ error: 'access_denied' });
  });

  it('returns access_denied straight away from the cancel button', async () => {
    const { started, response, at } = await begin('rp-sweden');
    const html = await response.text();
    const back = await started.browser.follow(new URL(formAction(html, 1), at), new URL(idp.url).origin, {
      form: { outcome: 'userCancel' },
    });
    expect(back.left?.searchParams.get('error')).toBe('access_denied');
    expect(back.left?.searchParams.get('error_description')).toBe('BankID order failed: userCancel');
  });

  it.each([
    ['expiredTransaction', 'BankID-appen svarar inte.'],
    ['certificateErr', 'Det BankID du försöker använda är för gammalt eller spärrat.'],
    ['startFailed', 'BankID-appen verkar inte finnas i din dator eller mobil.'],
  ])('shows the recommended message for %s', async (outcome, message) => {
    const { started, response, at } = await begin('rp-sweden');
    const failure = await submit(started, { at, html: await response.text() }, { outcome });
    expect(await failure.response.text()).toContain(message);
  });
});

describe('a typed personnummer', () => {
  it.each([
    ['191212121213', 'Det är inte ett giltigt personnummer.'],
    ['450312-345', 'Skriv personnumret med 12 siffror'],
  ])('%s gives the form again with a plain-language error and without the number', async (typed, message) => {
    const { started, response, at } = await begin('rp-sweden');
    const again = await submit(started, { at, html: await response.text() }, { personnummer: typed });
    expect(again.response.status).toBe(422);
    expect(again.left).toBeUndefined();
    const html = await again.response.text();
    expect(html).toContain(message);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<a href="#personnummer">');
    expect(html).not.toContain(typed);
    expect(html).not.toContain(typed.replace('-', ''));
    expect(html).not.toContain(typed.slice(2));
    expectNoNumberIn(started.browser, typed);
  });
});

describe('sessions', () => {
  it('reuses the IdP session, and prompt=login forces a new login', async () => {
    const first = await begin('rp-sweden');
    const html = await first.response.text();
    const done = await submit(first.started, { at: first.at, html }, {});
    await finish(first.started, done.left);

    // A fresh session satisfies max_age without a new login; auth_time lets the client check that itself.
    const silent = await begin('rp-sweden', { max_age: '3600' }, first.started.browser);
    expect(silent.left?.searchParams.has('code')).toBe(true);
    const silentTokens = await oidc.authorizationCodeGrant(silent.started.config, silent.left as URL, {
      pkceCodeVerifier: silent.started.verifier,
      expectedState: silent.started.state,
      expectedNonce: silent.started.nonce,
      maxAge: 3600,
    });
    expect(typeof silentTokens.claims()?.auth_time).toBe('number');

    const forced = await begin('rp-sweden', { prompt: 'login' }, first.started.browser);
    expect(forced.left).toBeUndefined();
    expect(forced.at.pathname).toMatch(/^\/interaction\//);
  });

  it('gives consent itself when asked for it (prompt=consent), without a consent page', async () => {
    const { started, claims } = await loginAs('rp-sweden', { fixture: 1 }, { prompt: 'consent' });
    expect(claims?.[claimNames.personalIdentityNumber]).toBe('198112189876');
    expect(started.browser.urls.filter((url) => url.includes('/interaction/')).length).toBeGreaterThan(1);
  });

  it('sends a back-channel logout token when the person logs out', async () => {
    const { started, tokens } = await loginAs('rp-sweden', { fixture: 0 });
    const before = logoutTokens.length;
    const endSession = oidc.buildEndSessionUrl(started.config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'http://127.0.0.1:65000/',
    });
    const confirm = await started.browser.follow(endSession, new URL(idp.url).origin);
    const html = await confirm.response.text();
    expect(html).toContain('Vill du logga ut?');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const done = await started.browser.follow(
      new URL(formAction(html), confirm.at),
      new URL(idp.url).origin,
      {
        form: { xsrf, logout: 'yes' },
      },
    );
    expect(done.left?.href).toBe('http://127.0.0.1:65000/');
    expect(logoutTokens.length).toBe(before + 1);
    const payload = JSON.parse(
      Buffer.from(logoutTokens.at(-1)?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(payload.sub).toBe(tokens.claims()?.sub);
    expect(payload.sid).toBe(tokens.claims()?.sid);
    expect(JSON.stringify(payload)).not.toContain(tolvan);
  });
});
