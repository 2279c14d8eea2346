import { claimNames, loa, scopes, startTestIdp, type TestIdp } from '@brygga/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discoverGateway,
  type GatewayAuth,
  type GatewayAuthOptions,
  handleCallback,
  LoginError,
  type LoginTransaction,
  logoutUrl,
  startLogin,
} from '../src/auth/index.ts';
import { Browser, formAction, inputValues, selectedOption } from './support/browser.ts';

/*
 * The login helpers against a real OpenID Provider: @brygga/test-idp (oidc-provider, Swedish OIDC profile),
 * standing in for the gateway's own provider. Its login page is driven with fetch, as a person would.
 */

const callback = 'http://127.0.0.1:65010/callback';
const afterLogout = 'http://127.0.0.1:65010/';
const tolvan = '191212121212';

let idp: TestIdp;
let auth: GatewayAuth;

async function setUp(overrides: Partial<GatewayAuthOptions> = {}): Promise<GatewayAuth> {
  return discoverGateway({
    issuer: idp.issuer,
    clientId: 'bygglov',
    clientSecret: 'bygglov-secret-at-least-32-characters',
    redirectUri: callback,
    postLogoutRedirectUri: afterLogout,
    allowInsecureHttp: true,
    ...overrides,
  });
}

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [
      {
        client_id: 'bygglov',
        client_secret: 'bygglov-secret-at-least-32-characters',
        redirect_uris: [callback],
        post_logout_redirect_uris: [afterLogout],
        claimStyle: 'oidc-sweden',
      },
    ],
  });
  auth = await setUp();
});

afterAll(() => idp?.close());

/** Starts a login and logs in on the provider's page; returns the callback URL the browser was sent to. */
async function logIn(
  options: { scope?: string[]; outcome?: 'success' | 'cancel'; browser?: Browser; using?: GatewayAuth } = {},
) {
  const browser = options.browser ?? new Browser();
  const { url, transaction } = await startLogin(options.using ?? auth, { scope: options.scope });
  const origin = new URL(idp.url).origin;
  const loginPage = await browser.follow(url, origin);
  const form: { url: URL; fields: Record<string, string> } =
    options.outcome === 'cancel'
      ? { url: new URL(formAction(loginPage.page, 1), loginPage.at), fields: { outcome: 'userCancel' } }
      : {
          url: new URL(formAction(loginPage.page), loginPage.at),
          fields: {
            person: inputValues(loginPage.page, 'person')[0] ?? '',
            outcome: 'success',
            acr: selectedOption(loginPage.page) ?? '',
          },
        };
  const done = await browser.follow(form.url, origin, form.fields);
  if (!done.left) throw new Error('the login did not return to the e-service');
  return { callbackUrl: done.left, transaction, url, browser };
}

async function loginError(promise: Promise<unknown>): Promise<LoginError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof LoginError)) throw new Error(`expected a LoginError, got ${String(error)}`);
  return error;
}

describe('startLogin', () => {
  it('builds a code-flow URL with PKCE S256, state and nonce, and returns them to keep server-side', async () => {
    const { url, transaction } = await startLogin(auth, {
      scope: ['case-management'],
      prompt: 'login',
      maxAge: 300,
    });
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: 'bygglov',
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid case-management',
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
      prompt: 'login',
      max_age: '300',
    });
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.code_challenge).not.toBe(transaction.codeVerifier);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    expect(transaction.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await startLogin(auth);
    expect(again.transaction.state).not.toBe(transaction.state);
    expect(again.transaction.codeVerifier).not.toBe(transaction.codeVerifier);
  });
});

describe('handleCallback', () => {
  it('completes the login: tokens, and claims with a pairwise sub and never the personnummer', async () => {
    // The provider is asked for the number and puts it in the ID token; the helper must not pass it on.
    const { callbackUrl, transaction } = await logIn({ scope: [scopes.naturalPersonNumber] });
    const { tokens, claims } = await handleCallback(auth, callbackUrl, transaction);
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.idToken).toEqual(expect.any(String));
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(claims).toMatchObject({ iss: idp.issuer, aud: 'bygglov', acr: loa.loa3 });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(typeof claims.auth_time).toBe('number');
    expect(Object.keys(claims).sort()).toEqual([
      'acr',
      'amr',
      'aud',
      'auth_time',
      'exp',
      'iat',
      'iss',
      'sub',
    ]);
    const seen = JSON.stringify(claims);
    expect(seen).not.toContain(tolvan);
    expect(seen).not.toContain(tolvan.slice(2));
    expect(seen).not.toContain(claimNames.personalIdentityNumber);
    // …while the token itself did carry it, so the allowlist is what kept it out.
    const payload = JSON.parse(Buffer.from(tokens.idToken?.split('.')[1] ?? '', 'base64url').toString());
    expect(payload[claimNames.personalIdentityNumber]).toBe(tolvan);
  });

  it('refuses a callback whose state is not this login’s, before calling the provider', async () => {
    const { callbackUrl, transaction } = await logIn();
    callbackUrl.searchParams.set('state', 'forged');
    const error = await loginError(handleCallback(auth, callbackUrl, transaction));
    expect(error.code).toBe('state_mismatch');
    // The untouched callback still works: the code was not spent by the refused attempt.
    callbackUrl.searchParams.set('state', transaction.state);
    await expect(handleCallback(auth, callbackUrl, transaction)).resolves.toBeDefined();
  });

  it('refuses a replayed callback', async () => {
    const { callbackUrl, transaction } = await logIn();
    await handleCallback(auth, callbackUrl, transaction);
    const error = await loginError(handleCallback(auth, callbackUrl, transaction));
    expect(error.code).toBe('login_failed');
    expect(error.oauthError).toBe('invalid_grant');
  });

  it('refuses a response from another issuer (RFC 9207 iss)', async () => {
    const { callbackUrl, transaction } = await logIn();
    callbackUrl.searchParams.set('iss', 'http://127.0.0.1:1/evil');
    const error = await loginError(handleCallback(auth, callbackUrl, transaction));
    expect(error.code).toBe('login_failed');
    expect(error.message).toMatch(/iss/);
  });

  it('refuses an ID token whose nonce is not this login’s', async () => {
    const { callbackUrl, transaction } = await logIn();
    const tampered: LoginTransaction = { ...transaction, nonce: 'another-nonce' };
    const error = await loginError(handleCallback(auth, callbackUrl, tampered));
    expect(error.code).toBe('login_failed');
    expect(error.message).toMatch(/nonce/);
  });

  it('refuses a code redeemed without the right PKCE verifier', async () => {
    const { callbackUrl, transaction } = await logIn();
    const error = await loginError(
      handleCallback(auth, callbackUrl, { ...transaction, codeVerifier: 'x'.repeat(43) }),
    );
    expect(error).toMatchObject({ code: 'login_failed', oauthError: 'invalid_grant' });
  });

  it('refuses a level of assurance outside the accepted list', async () => {
    const strict = await setUp({ acceptedAcr: [loa.loa4] });
    const { callbackUrl, transaction } = await logIn({ using: strict });
    const error = await loginError(handleCallback(strict, callbackUrl, transaction));
    expect(error.code).toBe('login_failed');
    expect(error.message).toMatch(/level of assurance/);
  });

  it('reports a cancelled login as access_denied', async () => {
    const { callbackUrl, transaction } = await logIn({ outcome: 'cancel' });
    const error = await loginError(handleCallback(auth, callbackUrl, transaction));
    expect(error).toMatchObject({ code: 'access_denied', oauthError: 'access_denied' });
  });
});

describe('logoutUrl', () => {
  it('sends the person to end_session with id_token_hint, and the provider ends the session and returns', async () => {
    const browser = new Browser();
    const { callbackUrl, transaction } = await logIn({ browser });
    const { tokens } = await handleCallback(auth, callbackUrl, transaction);
    const url = logoutUrl(auth, { idToken: tokens.idToken ?? '', state: 'bye-1' });
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'bygglov',
      id_token_hint: tokens.idToken,
      post_logout_redirect_uri: afterLogout,
      state: 'bye-1',
    });
    const origin = new URL(idp.url).origin;
    const confirm = await browser.follow(url, origin);
    expect(confirm.page).toContain('Vill du logga ut?');
    const done = await browser.follow(new URL(formAction(confirm.page), confirm.at), origin, {
      xsrf: inputValues(confirm.page, 'xsrf')[0] ?? '',
      logout: 'yes',
    });
    expect(done.left?.origin + (done.left?.pathname ?? '')).toBe(afterLogout);
    expect(done.left?.searchParams.get('state')).toBe('bye-1');
    // The provider session is gone: a new login shows the login page again instead of returning at once.
    const next = await startLogin(auth);
    const page = await browser.follow(next.url, origin);
    expect(page.left).toBeUndefined();
    expect(inputValues(page.page, 'person').length).toBeGreaterThan(0);
  });
});
