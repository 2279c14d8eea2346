import { Hono } from 'hono';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessTokenEnv, resolveCitizen } from '../../src/identity/index.ts';
import { Browser, formAction, hiddenValue, logInAtTestIdp } from './browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  freePort,
  gatewayAtIdp,
  jwtPayload,
  type Receiver,
  type Stack,
  startReceiver,
  startStack,
  startTestIdp,
  type TestIdp,
} from './stack.ts';

/**
 * The whole journey without a real browser: an e-service (openid-client) sends the citizen to the gateway, the
 * gateway to the test BankID IdP and back, the e-service gets its tokens and calls the gateway's API with the
 * access token; then the citizen logs out from the e-service, which ends the login at all three.
 */

const tolvan = '191212121212';
const eServiceOrigin = 'http://127.0.0.1:65010';
const redirectUri = `${eServiceOrigin}/callback`;
const postLogoutUri = `${eServiceOrigin}/logged-out`;

let idp: TestIdp;
let stack: Stack;
let receiver: Receiver;
let gatewayUrl: string;

beforeAll(async () => {
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  receiver = await startReceiver();
  idp = await startTestIdp({
    clients: [
      gatewayAtIdp(gatewayUrl),
      { ...gatewayAtIdp(gatewayUrl, 'ssn'), client_id: 'brygga-gateway-ssn' },
      { ...gatewayAtIdp(gatewayUrl, 'nin'), client_id: 'brygga-gateway-nin' },
    ],
  });
  stack = await startStack({
    port,
    providers: [
      { id: 'bankid', name: 'BankID', issuer: idp.issuer },
      {
        id: 'idura',
        name: 'BankID via Idura',
        issuer: idp.issuer,
        clientId: 'brygga-gateway-ssn',
        claims: { personalIdentityNumber: 'ssn', source: 'idToken' },
      },
      {
        id: 'signicat',
        name: 'Freja via Signicat',
        issuer: idp.issuer,
        clientId: 'brygga-gateway-nin',
        claims: { personalIdentityNumber: 'nin', source: 'userinfo' },
      },
    ],
    eServices: [
      {
        id: 'mina-sidor',
        clientId: 'mina-sidor-client',
        redirectUri,
        providers: ['bankid', 'idura', 'signicat'],
      },
      {
        id: 'bygglov',
        clientId: 'bygglov-client',
        redirectUri,
        postLogoutRedirectUri: postLogoutUri,
        backchannelLogoutUri: receiver.url,
        providers: ['bankid'],
      },
    ],
  });
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
  await receiver?.close();
});

const leavesGatewayOrIdp = (url: URL) => url.origin === eServiceOrigin;

/** Logs in as the first test person (Tolvan) and returns everything the e-service got. */
async function login(browser = new Browser(), params: Record<string, string> = {}) {
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'bygglov-client');
  const started = await authorizationRequest(config, redirectUri, params);
  let step = await browser.follow(started.url, { stop: leavesGatewayOrIdp });
  if (step.stopped === undefined) {
    // The test IdP's login page: pick the first person and log in.
    expect(step.at.origin).toBe(new URL(idp.url).origin);
    step = await logInAtTestIdp(browser, step, leavesGatewayOrIdp);
  }
  if (step.stopped === undefined) throw new Error(`login did not return to the e-service: ${step.at.href}`);
  const tokens = await oidc.authorizationCodeGrant(config, step.stopped, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  return { browser, config, tokens, callback: step.stopped };
}

function api() {
  const identity = stack.gateway.identity;
  if (identity === undefined) throw new Error('identity not wired');
  const app = new Hono<AccessTokenEnv>();
  app.get('/whoami', identity.requireAccessToken(['case-management']), async (c) => {
    const caller = c.get('caller');
    return c.json({ caller, personnummer: await resolveCitizen(c) });
  });
  app.onError((error, c) => c.json({ error: (error as { code?: string }).code }, 401));
  return app;
}

describe('citizen login through the gateway', () => {
  it('logs in, gives the e-service a pairwise sub and never the personnummer, and resolves it server-side', async () => {
    const { browser, tokens, callback } = await login();
    expect(callback.searchParams.get('iss')).toBe(stack.gateway.identity?.issuer);
    const claims = tokens.claims();
    expect(claims?.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims?.acr).toBe('http://id.elegnamnden.se/loa/1.0/loa3');
    expect(typeof claims?.auth_time).toBe('number');
    expect(typeof claims?.sid).toBe('string');
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBeLessThanOrEqual(300);

    // Nothing the e-service received carries the number, in any form.
    const received = JSON.stringify({
      ...tokens,
      id: jwtPayload(tokens.id_token ?? ''),
      at: jwtPayload(tokens.access_token),
    });
    expect(received).not.toContain(tolvan);
    expect(received).not.toContain(tolvan.slice(2));
    expect(browser.seen()).not.toContain(tolvan);
    expect(browser.seen()).not.toContain(tolvan.slice(2));

    const access = jwtPayload(tokens.access_token);
    expect(access).toMatchObject({
      aud: `${stack.gateway.url}/api`,
      client_id: 'bygglov-client',
      scope: 'case-management',
      sub: claims?.sub,
    });
    expect((access.exp as number) - (access.iat as number)).toBe(300);

    const response = await api().request('/whoami', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { caller: Record<string, unknown>; personnummer: string };
    expect(body.personnummer).toBe(tolvan);
    expect(body.caller).toMatchObject({
      eServiceId: 'bygglov',
      clientId: 'bygglov-client',
      scopes: ['case-management'],
    });
    expect(stack.logs.text()).not.toContain(tolvan.slice(2));
  });

  it('gives the same citizen the same sub at every login, and the SSO session skips the IdP', async () => {
    const first = await login();
    const again = await login(first.browser);
    expect(again.tokens.claims()?.sub).toBe(first.tokens.claims()?.sub);
    // The second login never reached the IdP's page.
    const idpPages = first.browser.urls.filter((url) => url.startsWith(`${idp.url}/interaction/`));
    expect(idpPages.length).toBe(2); // GET and POST of the first login only
  });

  it('logs out from the e-service at the gateway and at the IdP, and the session is gone everywhere', async () => {
    const { browser, config, tokens } = await login();
    const before = await api().request('/whoami', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(before.status).toBe(200);

    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: postLogoutUri,
      state: 'bye',
    });
    const confirm = await browser.follow(endSession, { stop: leavesGatewayOrIdp });
    expect(confirm.body).toContain('Vill du logga ut?');
    expect(confirm.response.headers.get('content-security-policy')).toContain(`form-action 'self'`);
    const xsrf = hiddenValue(confirm.body, 'xsrf') ?? '';
    const atIdp = await browser.follow(new URL(formAction(confirm.body), confirm.at), {
      form: { xsrf, logout: 'yes' },
      stop: leavesGatewayOrIdp,
    });
    // The gateway sent the citizen on to the IdP's logout, which asks too.
    expect(atIdp.at.origin).toBe(new URL(idp.url).origin);
    expect(atIdp.body).toContain('Vill du logga ut?');
    const idpXsrf = hiddenValue(atIdp.body, 'xsrf') ?? '';
    const back = await browser.follow(new URL(formAction(atIdp.body), atIdp.at), {
      form: { xsrf: idpXsrf, logout: 'yes' },
      stop: leavesGatewayOrIdp,
    });
    expect(back.stopped?.href).toBe(`${postLogoutUri}?state=bye`);

    const after = await api().request('/whoami', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(after.status).toBe(401);
    // A new login goes all the way to the IdP's login page again.
    const started = await authorizationRequest(config, redirectUri);
    const fresh = await browser.follow(started.url, { stop: leavesGatewayOrIdp });
    expect(fresh.stopped).toBeUndefined();
    expect(fresh.at.href).toContain(`${idp.url}/interaction/`);
  });

  it.each([
    ['bankid', 'the Swedish profile claim in the ID token'],
    ['idura', 'ssn in the ID token (Idura style)'],
    ['signicat', 'nin from UserInfo only (Signicat style)'],
  ])(
    'lets the citizen choose a provider (%s: %s), with the same pairwise sub whichever it is',
    async (choice) => {
      const browser = new Browser();
      const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'mina-sidor-client');
      const started = await authorizationRequest(config, redirectUri);
      const page = await browser.follow(started.url, { stop: leavesGatewayOrIdp });
      expect(page.at.pathname).toMatch(/^\/login\//);
      expect(page.body).toContain('Välj hur du vill logga in');
      expect(page.body).toContain('>BankID via Idura</button>');
      // Only the identity provider's origin is added to form-action: the form's redirect goes there.
      expect(page.response.headers.get('content-security-policy')).toContain(`form-action 'self' ${idp.url}`);
      const atIdp = await browser.follow(new URL(formAction(page.body), page.at), {
        form: { provider: choice },
        stop: leavesGatewayOrIdp,
      });
      const back = await logInAtTestIdp(browser, atIdp, leavesGatewayOrIdp);
      const tokens = await oidc.authorizationCodeGrant(config, back.stopped as URL, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
      });
      subjects.add(tokens.claims()?.sub ?? '');
      expect(subjects.size).toBe(1);
      expect(browser.seen()).not.toContain(tolvan.slice(2));
    },
  );
});

const subjects = new Set<string>();
