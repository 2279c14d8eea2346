import { Hono } from 'hono';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessTokenEnv, resolveCitizen } from '../../src/identity/index.ts';
import { Browser, formAction } from './browser.ts';
import { type Behaviour, type EvilIdp, startEvilIdp, tolvan } from './evil-idp.ts';
import {
  auditRecordsOf,
  authorizationRequest,
  eServiceClient,
  eServiceSecret,
  freePort,
  jwtPayload,
  type Receiver,
  type Stack,
  startReceiver,
  startStack,
} from './stack.ts';

/**
 * The relying-party checklist through the whole gateway: each rejection is asserted where the citizen and the
 * e-service would notice it. No session is created, the page says what happened and gives a reference, the
 * e-service receives nothing, and the personnummer reaches neither the browser nor the log.
 */

const eServiceOrigin = 'http://127.0.0.1:65020';
const redirectUri = `${eServiceOrigin}/callback`;
const numberForms = [tolvan, tolvan.slice(2), '19121212-1212', '121212-1212'];

let idp: EvilIdp;
let stack: Stack;
let receiver: Receiver;
let gatewayHost: string;

beforeAll(async () => {
  idp = await startEvilIdp();
  receiver = await startReceiver();
  const port = await freePort();
  gatewayHost = `127.0.0.1:${port}`;
  stack = await startStack({
    port,
    providers: [{ id: 'evil', name: 'BankID', issuer: idp.issuer, clientId: 'gateway-client' }],
    eServices: [
      {
        id: 'svc',
        clientId: 'svc-client',
        redirectUri,
        postLogoutRedirectUri: `${eServiceOrigin}/bye`,
        backchannelLogoutUri: receiver.url,
        providers: ['evil'],
      },
    ],
    // Some tests move a session's clock in the database; no memory of it may outlast that (the cache has its own
    // tests, in src/identity/sessions/session-cache.test.ts).
    identity: { sessionCacheMs: 0 },
  });
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
  await receiver?.close();
});

const toEService = (url: URL) => url.origin === eServiceOrigin;

async function activeSessions(): Promise<number> {
  const [row] = await stack.gateway.store.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM brygga_identity_sessions WHERE ended_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

async function loginVia(behaviour: Behaviour, browser = new Browser(), params: Record<string, string> = {}) {
  idp.behave(behaviour);
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
  const started = await authorizationRequest(config, redirectUri, params);
  const step = await browser.follow(started.url, { stop: toEService });
  return { browser, config, started, step };
}

async function tokensFor(login: Awaited<ReturnType<typeof loginVia>>) {
  if (login.step.stopped === undefined) throw new Error(`no callback: ${login.step.at.href}`);
  return oidc.authorizationCodeGrant(login.config, login.step.stopped, {
    pkceCodeVerifier: login.started.verifier,
    expectedState: login.started.state,
    expectedNonce: login.started.nonce,
  });
}

function expectNoNumber(text: string): void {
  for (const form of numberForms) expect(text).not.toContain(form);
}

/** The rejection itself: a clear page with a reference, no session, nothing for the e-service, no number. */
async function expectRefused(
  login: Awaited<ReturnType<typeof loginVia>>,
  reason: string,
  status: number,
  sessionsBefore: number,
  sessionCookiesBefore = 0,
) {
  const { step, browser } = login;
  expect(step.stopped).toBeUndefined();
  expect(step.response.status).toBe(status);
  expect(step.response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(step.response.headers.get('cache-control')).toBe('no-store');
  const requestId = step.response.headers.get('x-request-id') ?? 'missing';
  expect(step.body).toContain(`<code>${requestId}</code>`);
  expect(step.body).toContain('<html lang="sv">');
  const sessionCookies = browser.setCookies.filter((line) => line.startsWith('brygga-session='));
  expect(sessionCookies.length).toBe(sessionCookiesBefore);
  expect(await activeSessions()).toBe(sessionsBefore);
  expectNoNumber(browser.seen());
  const lines = stack.logs.entries().filter((line) => line.requestId === requestId);
  expect(lines.some((line) => line.reason === reason)).toBe(true);
  expectNoNumber(stack.logs.text());
  // The audit record of the refusal: by the gateway, about no one, with the reason; no number in it.
  const audited = await auditRecordsOf(stack, requestId);
  const known = reason !== 'no_transaction'; // without its transaction the gateway knows no login
  expect(audited.records).toEqual([
    expect.objectContaining({
      actor: { kind: 'system', id: 'brygga-identity' },
      subject: null,
      eService: known ? 'svc' : null,
      operation: 'login',
      purpose: expect.objectContaining({ id: 'brygga-inloggning' }),
      outcome: { status: 'failure', problem: reason },
      details: known ? { identityProvider: 'evil' } : null,
    }),
  ]);
  expectNoNumber(audited.text);
}

describe('a login the provider got wrong is refused by the gateway', () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, Behaviour, string]>([
    ['a forged signature', { signing: { foreignKey: true } }, 'id_token_signature'],
    ['alg none', { signing: { alg: 'none' } }, 'id_token_alg'],
    [
      'HS256 with the client secret',
      { signing: { alg: 'HS256', secret: 'gateway-secret-at-the-idp' } },
      'id_token_alg',
    ],
    ['a nonce of another login', { idToken: (c) => ({ ...c, nonce: 'replayed' }) }, 'id_token_nonce'],
    ['an hour-old iat', { idToken: (c) => ({ ...c, iat: now() - 3600 }) }, 'id_token_iat'],
    [
      'an extra audience',
      { idToken: (c, x) => ({ ...c, aud: [x.clientId, 'other'], azp: x.clientId }) },
      'id_token_aud',
    ],
    [
      'an acr not on the allowlist',
      { idToken: (c) => ({ ...c, acr: 'http://id.elegnamnden.se/loa/1.0/loa2' }) },
      'acr_not_allowed',
    ],
    [
      'a personnummer with a bad check digit',
      { idToken: (c) => ({ ...c, 'https://id.oidc.se/claim/personalIdentityNumber': '191212121213' }) },
      'identity_number_invalid',
    ],
    [
      'no personnummer',
      { idToken: (c) => ({ ...c, 'https://id.oidc.se/claim/personalIdentityNumber': undefined }) },
      'identity_number_missing',
    ],
    ['a missing state', { callback: (p) => ({ ...p, state: undefined }) }, 'state_mismatch'],
    ['an altered state', { callback: (p) => ({ ...p, state: `${p.state}x` }) }, 'state_mismatch'],
    [
      'the iss of another provider',
      { callback: (p) => ({ ...p, iss: 'https://other.example' }) },
      'issuer_mismatch',
    ],
    ['no iss although advertised', { callback: (p) => ({ ...p, iss: undefined }) }, 'issuer_missing'],
  ])('%s', async (_name, behaviour, reason) => {
    const before = await activeSessions();
    const login = await loginVia(behaviour);
    await expectRefused(login, reason, 401, before);
    expect(login.step.body).toContain('Inloggningen kunde inte slutföras');
    // Retry starts over; "back to the e-service" ends the login there with access_denied.
    expect(login.step.body).toMatch(/href="\/login\/[\w-]+"/);
    const back = await login.browser.follow(new URL(formAction(login.step.body), login.step.at), {
      form: {},
      stop: toEService,
    });
    expect(back.stopped?.searchParams.get('error')).toBe('access_denied');
    expect(back.stopped?.searchParams.get('state')).toBe(login.started.state);
  });

  it('handles a cancelled login (access_denied) gracefully', async () => {
    const before = await activeSessions();
    const login = await loginVia({ callback: (p) => ({ ...p, code: undefined, error: 'access_denied' }) });
    await expectRefused(login, 'cancelled', 200, before);
    expect(login.step.body).toContain('Inloggningen avbröts');
    expect(login.step.body).toContain('Tillbaka till e-tjänsten');
  });

  it('refuses a replayed callback, and a callback brought to another browser', async () => {
    const first = await loginVia({});
    expect(first.step.stopped).toBeDefined();
    const callback = first.browser.urls.find((url) => url.includes('/auth/callback?')) ?? '';
    const before = await activeSessions();
    const cookiesBefore = first.browser.setCookies.filter((line) =>
      line.startsWith('brygga-session='),
    ).length;
    const replay = await first.browser.follow(callback, { stop: toEService });
    await expectRefused({ ...first, step: replay }, 'no_transaction', 400, before, cookiesBefore);

    // Browser A starts a login; its callback reaches browser B, which never started one.
    idp.behave({});
    const a = new Browser();
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
    const started = await authorizationRequest(config, redirectUri);
    const atIdp = await a.follow(started.url, { stop: (url) => url.origin === idp.issuer });
    const stolen = await idp.authorize(atIdp.stopped as URL);
    const b = new Browser();
    const inB = await b.follow(stolen, { stop: toEService });
    await expectRefused({ ...first, browser: b, step: inB }, 'no_transaction', 400, before);
    // …while browser A, which holds the login cookie, finishes its own login.
    const inA = await a.follow(stolen, { stop: toEService });
    expect(inA.stopped?.searchParams.has('code')).toBe(true);
  });

  it('still shows the error page when the refusal cannot be written to the audit log', async () => {
    const before = await activeSessions();
    const rename = (from: string, to: string) =>
      stack.gateway.store.execute(`ALTER TABLE ${from} RENAME TO ${to}`);
    let login: Awaited<ReturnType<typeof loginVia>>;
    await rename('brygga_audit_records', 'brygga_audit_records_away');
    try {
      login = await loginVia({ signing: { foreignKey: true } });
      // The refusal's record is queued by the time the page is out; let the log try it while it cannot.
      await stack.gateway.audit.flush();
    } finally {
      await rename('brygga_audit_records_away', 'brygga_audit_records');
    }
    expect(login.step.stopped).toBeUndefined();
    expect(login.step.response.status).toBe(401);
    expect(login.step.body).toContain('Inloggningen kunde inte slutföras');
    expect(await activeSessions()).toBe(before);
    const requestId = login.step.response.headers.get('x-request-id') ?? 'missing';
    expect((await auditRecordsOf(stack, requestId)).records).toEqual([]);
    await expect
      .poll(() => stack.logs.entries().map((line) => line.msg), { timeout: 2_000 })
      .toContain('audit record of a refused login not written');
  });

  it('refuses forms posted from another site', async () => {
    const login = await loginVia({ signing: { foreignKey: true } });
    const action = new URL(formAction(login.step.body), login.step.at);
    const { response } = await login.browser.request(action, {
      form: {},
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
  });

  it('refuses an e-service redirect address that is not registered, without redirecting', async () => {
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
    const started = await authorizationRequest(config, 'https://attacker.example/callback');
    const browser = new Browser();
    const step = await browser.follow(started.url);
    expect(step.response.status).toBe(400);
    expect(step.body).toContain('invalid_redirect_uri');
    expect(browser.urls.some((url) => url.startsWith('https://attacker.example'))).toBe(false);
  });
});

function api() {
  const app = new Hono<AccessTokenEnv>();
  app.get(
    '/me',
    stack.gateway.identity?.requireAccessToken(['case-management']) ?? (() => undefined as never),
    async (c) => c.text(await resolveCitizen(c)),
  );
  app.onError((error, c) => c.text((error as { code?: string }).code ?? 'error', 401));
  return app;
}
const me = (token: string) => api().request('/me', { headers: { authorization: `Bearer ${token}` } });

describe('sessions', () => {
  it('gives a new session id at login, whatever cookie the browser brought (no fixation)', async () => {
    const browser = new Browser();
    await browser.request(`http://${gatewayHost}/health/live`);
    // An attacker-chosen session id planted in the victim's browser…
    const planted = 'attacker-chosen-session-id';
    browser.plant(gatewayHost, 'brygga-session', planted);
    const login = await loginVia({}, browser);
    expect(login.step.stopped).toBeDefined();
    const issued = browser.cookie(gatewayHost, 'brygga-session');
    expect(issued).toBeDefined();
    expect(issued?.startsWith(planted)).toBe(false);
    // A step-up login (prompt=login) in the same browser rotates the id again.
    const again = await loginVia({}, browser, { prompt: 'login' });
    expect(again.step.stopped).toBeDefined();
    expect(browser.cookie(gatewayHost, 'brygga-session')).not.toBe(issued);
  });

  it('forwards a step-up (prompt=login, max_age) to the provider and checks auth_time', async () => {
    const browser = new Browser();
    expect((await loginVia({}, browser)).step.stopped).toBeDefined();
    const stepUp = await loginVia({}, browser, { prompt: 'login', max_age: '120' });
    const authorize = browser.urls.filter((url) => url.startsWith(`${idp.issuer}/authorize`));
    const last = new URL(authorize.at(-1) ?? '');
    expect(last.searchParams.get('prompt')).toBe('login');
    expect(last.searchParams.get('max_age')).toBe('120');
    const tokens = await tokensFor(stepUp);
    expect(tokens.claims()?.auth_time).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5);
    // A provider answering a step-up with an old authentication is refused.
    const stale = await loginVia(
      { idToken: (c) => ({ ...c, auth_time: Math.floor(Date.now() / 1000) - 3600 }) },
      browser,
      { prompt: 'login' },
    );
    expect(stale.step.stopped).toBeUndefined();
    expect(stale.step.response.status).toBe(401);
  });

  it('ends an idle session on its next use, on the server side', async () => {
    const login = await loginVia({});
    const tokens = await tokensFor(login);
    expect((await me(tokens.access_token)).status).toBe(200);
    const ref = jwtPayload(tokens.access_token).session_ref as string;
    await stack.gateway.store.execute(
      'UPDATE brygga_identity_sessions SET last_seen_at = last_seen_at - $2 WHERE ref = $1',
      [ref, 31 * 60_000],
    );
    expect((await me(tokens.access_token)).status).toBe(401);
    const [row] = await stack.gateway.store.query<{ end_reason: string; number_sealed: string | null }>(
      'SELECT end_reason, number_sealed FROM brygga_identity_sessions WHERE ref = $1',
      [ref],
    );
    expect(row).toEqual({ end_reason: 'idle', number_sealed: null });
    // The browser's single sign-on no longer carries it: the next login goes back to the provider.
    const next = await loginVia({}, login.browser);
    expect(login.browser.urls.filter((url) => url.startsWith(`${idp.issuer}/authorize`)).length).toBe(2);
    expect(next.step.stopped).toBeDefined();
  });

  it('ends a session at its absolute limit, however active', async () => {
    const login = await loginVia({});
    const tokens = await tokensFor(login);
    const ref = jwtPayload(tokens.access_token).session_ref as string;
    await stack.gateway.store.execute('UPDATE brygga_identity_sessions SET expires_at = $2 WHERE ref = $1', [
      ref,
      Date.now() - 1,
    ]);
    expect((await me(tokens.access_token)).status).toBe(401);
    const [row] = await stack.gateway.store.query<{ end_reason: string }>(
      'SELECT end_reason FROM brygga_identity_sessions WHERE ref = $1',
      [ref],
    );
    expect(row?.end_reason).toBe('expired');
  });

  it('stores no personnummer in clear, anywhere in the database', async () => {
    await tokensFor(await loginVia({}));
    for (const table of [
      'brygga_identity_sessions',
      'brygga_identity_oidc_records',
      'brygga_identity_transactions',
    ]) {
      const rows = await stack.gateway.store.query(`SELECT * FROM ${table}`);
      expectNoNumber(JSON.stringify(rows));
    }
  });
});

describe('back-channel logout from the identity provider', () => {
  const event = { 'http://schemas.openid.net/event/backchannel-logout': {} };
  const post = (token: string) =>
    fetch(`http://${gatewayHost}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }),
    });
  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: idp.issuer,
      aud: 'gateway-client',
      iat: now,
      exp: now + 120,
      jti: crypto.randomUUID(),
      sid: 'upstream-session-1',
      sub: 'upstream-subject-1',
      events: event,
      ...overrides,
    };
  };

  it.each<
    [
      string,
      Record<string, unknown>,
      { alg?: 'none' | 'HS256'; foreignKey?: boolean; typ?: string; secret?: string }?,
    ]
  >([
    ['a forged signature', {}, { foreignKey: true }],
    ['alg none', {}, { alg: 'none' }],
    ['HS256', {}, { alg: 'HS256', secret: 'gateway-secret-at-the-idp' }],
    ['another audience', { aud: 'someone-else' }],
    ['an unknown issuer', { iss: 'https://other.example' }],
    ['no events claim', { events: undefined }],
    ['the wrong event', { events: { 'http://schemas.openid.net/event/other': {} } }],
    ['a nonce (an ID token passed off as a logout token)', { nonce: 'n' }],
    ['an old iat', { iat: Math.floor(Date.now() / 1000) - 3600 }],
    ['a long-lived exp', { exp: Math.floor(Date.now() / 1000) + 86_400 }],
    ['no exp', { exp: undefined }],
    ['no jti', { jti: undefined }],
    ['neither sid nor sub', { sid: undefined, sub: undefined }],
    ['the typ of an ID token', {}, { typ: 'JWT+other' }],
  ])('refuses a logout token with %s, and the session stays', async (_name, overrides, signing) => {
    const login = await loginVia({});
    const tokens = await tokensFor(login);
    const payload = Object.fromEntries(Object.entries(claims(overrides)).filter(([, v]) => v !== undefined));
    const response = await post(await idp.sign(payload, { typ: 'logout+jwt', ...signing }));
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await me(tokens.access_token)).status).toBe(200);
    // Clean up: the next case logs in again with the same upstream sid.
    await post(await idp.sign(claims(), { typ: 'logout+jwt' }));
  });

  it('accepts a valid logout token once: the session ends and e-services are told, with no personnummer', async () => {
    const login = await loginVia({});
    const tokens = await tokensFor(login);
    const before = receiver.bodies.length;
    const token = await idp.sign(claims(), { typ: 'logout+jwt' });
    const response = await post(token);
    expect(response.status).toBe(200);
    expect((await me(tokens.access_token)).status).toBe(401);
    // The e-service got a logout token of its own: its pairwise sub and sid, nothing else about the person.
    expect(receiver.bodies.length).toBe(before + 1);
    const logoutToken = new URLSearchParams(receiver.bodies.at(-1)).get('logout_token') ?? '';
    const payload = jwtPayload(logoutToken);
    expect(payload.sub).toBe(tokens.claims()?.sub);
    expect(payload.sid).toBe(tokens.claims()?.sid);
    expect(payload.events).toEqual(event);
    expectNoNumber(JSON.stringify(payload));
    // A replay of the same token is refused.
    expect((await post(token)).status).toBe(400);
    // The browser's single sign-on is gone too: a new login goes to the provider again.
    const count = login.browser.urls.filter((url) => url.startsWith(`${idp.issuer}/authorize`)).length;
    await loginVia({}, login.browser);
    expect(login.browser.urls.filter((url) => url.startsWith(`${idp.issuer}/authorize`)).length).toBe(
      count + 1,
    );
  });
});

describe('logout requests from an e-service', () => {
  it('end the session only with the confirmation form and its CSRF token', async () => {
    const login = await loginVia({});
    const tokens = await tokensFor(login);
    const endSession = oidc.buildEndSessionUrl(login.config, { id_token_hint: tokens.id_token ?? '' });
    const confirm = await login.browser.follow(endSession, { stop: toEService });
    expect(confirm.body).toContain('Vill du logga ut?');
    const action = new URL(formAction(confirm.body), confirm.at);
    const forged = await login.browser.request(action, { form: { xsrf: 'guessed', logout: 'yes' } });
    expect(forged.response.status).toBe(400);
    expect((await me(tokens.access_token)).status).toBe(200);
    // A GET of the confirmation address does nothing either.
    const viaGet = await login.browser.request(`${action.href}?logout=yes`);
    expect(viaGet.response.status).toBe(404);
    expect((await me(tokens.access_token)).status).toBe(200);
  });

  it('allow no cross-origin browser calls to the token endpoint', async () => {
    const response = await fetch(`http://${gatewayHost}/oidc/token`, {
      method: 'POST',
      headers: {
        origin: eServiceOrigin,
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`svc-client:${eServiceSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'case-management' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('client credentials for e-service backends', () => {
  it('issues a token scoped to the contracts the e-service is registered for, acting for no citizen', async () => {
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'case-management not-registered' });
    const payload = jwtPayload(tokens.access_token);
    expect(payload).toMatchObject({ sub: 'svc-client', client_id: 'svc-client', scope: 'case-management' });
    expect(payload.session_ref).toBeUndefined();
    const caller = await stack.gateway.identity?.accessTokens.verify(tokens.access_token);
    expect(caller).toEqual({ eServiceId: 'svc', clientId: 'svc-client', scopes: ['case-management'] });
    const app = new Hono<AccessTokenEnv>();
    app.get('/me', stack.gateway.identity?.requireAccessToken() ?? (() => undefined as never), async (c) =>
      c.text(await resolveCitizen(c)),
    );
    app.onError((error, c) => c.text((error as { code?: string }).code ?? 'error', 403));
    const response = await app.request('/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await response.text()).toBe('forbidden');
  });
});
