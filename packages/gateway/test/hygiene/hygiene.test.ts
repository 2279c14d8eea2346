import { caseManagement } from '@brygga/contract-case-management';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Behaviour, numberClaim } from '../identity/evil-idp.ts';
import { authorizationRequest, eServiceClient, eServiceSecret } from '../identity/stack.ts';
import type { BusinessMode } from './business-system.ts';
import { allSentForms, type Finding, findNumbers, findShapes, numbers, sentForms } from './needles.ts';
import {
  type AdapterMode,
  type Exchange,
  eServiceOrigin,
  type HygieneStack,
  type LoggedIn,
  loginAs,
  officialToken,
  postLogoutUri,
  redirectUri,
  startHygieneStack,
} from './stack.ts';

/**
 * Brygga issue 5, item 7: a personnummer put into every input of a running gateway never comes out of it.
 * The test sends the issue's five written forms of three numbers (an invalid one, the logged-in citizen's, and
 * a samordningsnummer) through JSON bodies, headers, query strings, path segments, the OpenID endpoints, the
 * audit extract route and the identity providers' answers, lets the business system and the adapter quote
 * them in their errors, and scans everything that came back: every status line, header and body the callers
 * received, the tokens the e-service got and the logout tokens it was sent, and the application log after its
 * gate. There is no /metrics endpoint (it answers 404, scanned like the rest).
 *
 * The one exception, documented where it is made: versions of the case-management contract before
 * 2026-12-01 (the e-service here is pinned to 2026-11-01) return the applicant's personnummer in a case
 * (`applicant.personalIdentityNumber`), to the e-service acting for that same logged-in citizen. Each such
 * body is checked to hold exactly the citizen's own number there, and that field alone is removed before the
 * scan. At the newest version the contract carries no personnummer at all, and nothing is removed.
 *
 * Sent only in requests the gateway refuses: an e-service's own `state` and `nonce`, which OpenID Connect
 * returns to that e-service by design (in its redirect and its ID token), so what they hold is its choice.
 */

let stack: HygieneStack;
let citizen: LoggedIn;

beforeAll(async () => {
  stack = await startHygieneStack();
  citizen = await loginAs(stack, numbers.citizen);
}, 30_000);

afterAll(async () => {
  await stack?.close();
});

interface Mark {
  readonly exchanges: number;
  readonly logs: number;
}

const mark = (): Mark => ({ exchanges: stack.exchanges.length, logs: stack.logs.lines.length });

/** Every number found in what was captured since `since`: the exchanges and the log lines. */
function findingsSince(since: Mark): Finding[] {
  const exchanges = stack.exchanges.slice(since.exchanges);
  const lines = stack.logs.lines.slice(since.logs);
  return [
    ...exchanges.flatMap((exchange) =>
      findNumbers(
        `${exchange.label} → ${exchange.status}`,
        `${exchange.status}\n${exchange.headers}\n${exchange.body}`,
      ),
    ),
    ...lines.flatMap((line) => findNumbers('log', line)),
    ...findShapes('log', lines),
  ];
}

/** What a case body legitimately holds, checked and removed: the logged-in citizen's own number. */
function withoutOwnNumber(exchange: Exchange): void {
  const body = JSON.parse(exchange.body) as { applicant?: { personalIdentityNumber?: string } };
  expect(body.applicant?.personalIdentityNumber).toBe(numbers.citizen);
  delete body.applicant?.personalIdentityNumber;
  const index = stack.exchanges.indexOf(exchange);
  stack.exchanges[index] = { ...exchange, body: JSON.stringify(body) };
}

const digitsOf = (form: string) => form.replace(/\D/g, '');

function application(applicant: string = numbers.citizen, more: Record<string, unknown> = {}) {
  return {
    applicationType: 'bygglov',
    title: 'Altan',
    description: 'En altan mot söder.',
    propertyDesignation: 'UPPSALA KÅBO 5:12',
    applicant: { personalIdentityNumber: applicant, givenName: 'Tolvan', familyName: 'Tolvansson' },
    ...more,
  };
}

/** A contract call as the e-service makes it, for the logged-in citizen. */
function api(
  label: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; as?: LoggedIn } = {},
): Promise<Exchange> {
  return stack.send(label, `/api/case-management${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${(init.as ?? citizen).tokens.access_token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
}

/** A created case: its own-number field is checked and removed before the scan. */
async function createCase(
  label: string,
  headers: Record<string, string> = {},
  body: unknown = application(),
) {
  const exchange = await api(label, '/cases', { body, headers });
  if (exchange.status === 201 || exchange.status === 200) withoutOwnNumber(exchange);
  return exchange;
}

// Each case sends a few hundred requests: about a second alone, more on a machine busy with other suites.
describe('no personnummer leaves the gateway', { timeout: 30_000 }, () => {
  it('after logins through the test IdP, as a personnummer and as a samordningsnummer', async () => {
    const since: Mark = { exchanges: 0, logs: 0 };
    const coordination = await loginAs(stack, numbers.coordination);
    // What the e-service received: the token responses, with their JWTs read by findNumbers.
    for (const [label, login] of [
      ['tokens (personnummer)', citizen],
      ['tokens (samordningsnummer)', coordination],
    ] as const) {
      stack.exchanges.push({ label, status: 200, headers: '', body: JSON.stringify(login.tokens) });
    }
    expect(citizen.tokens.access_token).toBeTruthy();
    expect(coordination.tokens.claims()?.sub).not.toBe(citizen.tokens.claims()?.sub);
    expect(findingsSince(since)).toEqual([]);
  });

  it('in contract calls at the newest version, which never carries it, with no exception made', async () => {
    const since = mark();
    const head = { 'brygga-version': caseManagement.head.version };
    const { personalIdentityNumber: _, ...applicant } = application().applicant;
    const created = await api('createCase at head', '/cases', {
      body: { ...application(), applicant },
      headers: head,
    });
    expect(created.status).toBe(201);
    expect((await api('getCase at head', '/cases/c-own', { headers: head })).status).toBe(200);
    expect((await api('listMyCases at head', '/cases', { headers: head })).status).toBe(200);
    for (const form of allSentForms) {
      const withNumber = { ...application(), applicant: { ...applicant, personalIdentityNumber: form } };
      const refused = await api(`createCase at head, number ${form}`, '/cases', {
        body: withNumber,
        headers: head,
      });
      expect(refused.status).toBe(422); // the field no longer exists
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('in contract calls whose JSON bodies carry it, valid and invalid', async () => {
    const since = mark();
    expect((await createCase('valid, own number')).status).toBe(201);
    for (const form of allSentForms.filter((each) => each !== numbers.citizen)) {
      const answer = await createCase(`applicant ${form}`, {}, application(form));
      // Another valid number is the adapter's applicant_mismatch; every other form fails validation.
      expect(answer.status, form).toBe(form === numbers.coordination ? 403 : 422);
    }
    for (const form of allSentForms) {
      const free = {
        title: `Altan ${form}`,
        description: `Sökande ${form}`,
        propertyDesignation: 'KÅBO 1:1',
      };
      await createCase(`free text ${form}`, {}, application(numbers.citizen, free));
      await createCase(
        `contact ${form}`,
        {},
        {
          ...application(),
          applicant: { ...application().applicant, email: `${digitsOf(form)}@exempel.se`, phone: form },
        },
      );
      await createCase(`unknown field ${form}`, {}, { ...application(), [form]: form });
      await createCase(`wrong types ${form}`, {}, application(Number(digitsOf(form)) as unknown as string));
      await createCase(
        `names ${form}`,
        {},
        {
          ...application(),
          applicant: { ...application().applicant, givenName: form, familyName: form.repeat(50) },
        },
      );
      const malformed = await api(`malformed ${form}`, '/cases', { body: `{"applicant": "${form}"` });
      expect(malformed.status).toBe(400);
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('in every header of a contract call', async () => {
    const since = mark();
    for (const form of allSentForms) {
      const digits = digitsOf(form);
      const headers: Record<string, string>[] = [
        { 'x-request-id': form },
        { 'x-request-id': `req-${form}` },
        { traceparent: form },
        { tracestate: `brygga=${form}` },
        { 'brygga-version': form },
        { 'brygga-purpose': form },
        { 'idempotency-key': form },
        { 'accept-language': form },
        { accept: `application/${digits}` },
        { 'content-type': `application/json; profile=${digits}` },
        { authorization: `Bearer ${form}` },
        { authorization: `Basic ${Buffer.from(`${form}:${form}`).toString('base64')}` },
        { cookie: `personnummer=${form}` },
        { 'x-forwarded-for': form },
        { 'user-agent': form },
        { 'x-personnummer': form },
      ];
      for (const header of headers) await createCase(`header ${JSON.stringify(header)}`, header);
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('in query strings and path segments', async () => {
    const since = mark();
    for (const form of allSentForms) {
      const encoded = encodeURIComponent(form);
      for (const path of [`/cases/${form}`, `/cases/${encoded}`, `/cases/${encoded}/status`]) {
        const answer = await api(`path ${path}`, path);
        expect([404, 422]).toContain(answer.status);
      }
      await api('query cursor', `/cases?cursor=${encoded}`);
      await api('query limit', `/cases?limit=${encoded}`);
      await api('query key', `/cases?${encoded}=${encoded}`);
      await api('query repeated', `/cases?cursor=${encoded}&cursor=${encoded}`);
      await api('unknown operation', `/${encoded}`, { method: 'PATCH', body: { form } });
      for (const path of [
        `/api/${encoded}/cases`,
        `/${encoded}`,
        `/reference/${encoded}`,
        `/openapi/${encoded}`,
        `/openapi/case-management/${encoded}.json`,
        `/health/${encoded}`,
        `/health/ready?personnummer=${encoded}`,
        `/?personnummer=${encoded}`,
        `/metrics?personnummer=${encoded}`,
      ]) {
        await stack.send(`GET ${path}`, path);
      }
    }
    // Scraped after every request above: no label may carry what the requests carried.
    const metrics = await stack.send('GET /metrics', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('brygga_http_requests_total');
    expect(findingsSince(since)).toEqual([]);
  });

  it('when the business system and the adapter quote it in their errors', async () => {
    const since = mark();
    const calls = async (label: string) => {
      await createCase(`${label}: createCase`);
      await api(`${label}: getCase`, '/cases/c-own');
      await api(`${label}: getCaseStatus`, '/cases/c-own/status');
      await api(`${label}: listMyCases`, '/cases?limit=5');
    };
    const businessModes: BusinessMode[] = [
      'server-error',
      'conflict',
      'rejected',
      'not-json',
      'wrong-shape',
      'someone-else',
    ];
    try {
      for (const mode of businessModes) {
        stack.business.mode = mode;
        stack.business.leak = mode === 'someone-else' ? numbers.coordination : numbers.citizen;
        await calls(`business system ${mode}`);
      }
    } finally {
      stack.business.mode = 'normal';
    }
    const adapterModes: AdapterMode[] = ['throws', 'detail', 'undeclared', 'bad-body'];
    try {
      for (const mode of adapterModes) {
        stack.adapterMode = mode;
        await calls(`adapter ${mode}`);
      }
    } finally {
      stack.adapterMode = 'real';
    }
    // The calls did reach the business system and failed there, as the gateway's own answers say.
    const statuses = new Set(stack.exchanges.slice(since.exchanges).map((exchange) => exchange.status));
    expect([...statuses]).toEqual(expect.arrayContaining([404, 409, 502]));
    expect(findingsSince(since)).toEqual([]);
  });

  it("in the OpenID endpoints' parameters", async () => {
    const since = mark();
    const issuer = stack.gateway.identity?.issuer ?? '';
    const config = await eServiceClient(issuer, 'bygglov-client');
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    const basic = (user: string, secret: string) =>
      `Basic ${Buffer.from(`${encodeURIComponent(user)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    for (const value of allSentForms) {
      // Authorization requests from a registered e-service, each with one parameter carrying the number.
      const variants: Record<string, string>[] = [
        { ui_locales: value },
        { login_hint: value },
        { acr_values: value },
        { max_age: value },
        { prompt: value },
        { id_token_hint: value },
        { claims: JSON.stringify({ id_token: { [value]: { essential: true, value } } }) },
        { scope: `openid ${value}` },
        { resource: `https://x/${value}` },
        { [value]: value },
      ];
      for (const params of variants) {
        const started = await authorizationRequest(config, redirectUri, params);
        // Followed until it leaves the gateway: to the identity provider, or back to the e-service.
        await stack.browser().follow(started.url, {
          stop: (next) => next.origin !== new URL(stack.url).origin,
        });
      }
      // Requests no registered e-service made.
      const query = new URLSearchParams({
        client_id: value,
        redirect_uri: `${eServiceOrigin}/${value}`,
        response_type: 'code',
        scope: 'openid',
        state: value,
        nonce: value,
        code_challenge: value,
        code_challenge_method: 'S256',
      });
      await stack.send('authorize, unknown client', `/oidc/auth?${query}`);
      query.set('client_id', 'bygglov-client');
      await stack.send('authorize, unregistered redirect', `/oidc/auth?${query}`);
      // The token endpoint.
      await stack.send('token, code', '/oidc/token', {
        ...form({ grant_type: 'authorization_code', code: value, code_verifier: value, redirect_uri: value }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('bygglov-client', eServiceSecret),
        },
      });
      await stack.send('token, client credentials', '/oidc/token', {
        ...form({ grant_type: 'client_credentials', scope: value }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('bygglov-client', eServiceSecret),
        },
      });
      await stack.send('token, unknown client', '/oidc/token', {
        ...form({ grant_type: value, client_id: value, client_secret: value }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(value, value) },
      });
      // Logout, discovery, keys.
      const logout = new URLSearchParams({
        id_token_hint: value,
        post_logout_redirect_uri: `${postLogoutUri}?${value}`,
        state: value,
        client_id: value,
        logout_hint: value,
        ui_locales: value,
      });
      await stack.send('end session', `/oidc/session/end?${logout}`);
      await stack.send('end session, post', '/oidc/session/end', form(Object.fromEntries(logout)));
      await stack.send(
        'end session confirm',
        '/oidc/session/end/confirm',
        form({ xsrf: value, logout: value }),
      );
      await stack.send('discovery', `/oidc/.well-known/openid-configuration?${encodeURIComponent(value)}`);
      await stack.send('jwks', `/oidc/jwks?kid=${encodeURIComponent(value)}`);
      await stack.send('oidc, unknown path', `/oidc/${encodeURIComponent(value)}`);
      // The gateway's own login routes.
      const encoded = encodeURIComponent(value);
      await stack.send('login page', `/login/${encoded}`);
      await stack.send('login start', `/login/${encoded}/start`, form({ provider: value }));
      await stack.send('login abort', `/login/${encoded}/abort`, form({ provider: value }));
      const callback = new URLSearchParams({
        code: value,
        state: value,
        iss: value,
        error: value,
        error_description: value,
        session_state: value,
      });
      await stack.send('callback without a login', `/auth/callback?${callback}`);
      await stack.send('callback with a made-up cookie', `/auth/callback?${callback}`, {
        headers: { cookie: `brygga_login=${value}; __Host-brygga_login=${value}` },
      });
      await stack.send(
        'back-channel logout, not a token',
        '/auth/backchannel-logout',
        form({ logout_token: value }),
      );
      await stack.send('logout callback', `/logout/callback?state=${encoded}`);
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('in what a faulty identity provider answers', async () => {
    const since = mark();
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'trasig-client');
    const login = async (behaviour: Behaviour) => {
      stack.evil.behave(behaviour);
      const started = await authorizationRequest(config, redirectUri);
      const browser = stack.browser();
      return browser.follow(started.url, { stop: (next) => next.origin === eServiceOrigin });
    };
    const refused: Behaviour[] = [
      ...allSentForms
        .filter((form) => form !== numbers.citizen)
        .map((form) => ({
          idToken: (claims: Record<string, unknown>) => ({ ...claims, [numberClaim]: form }),
        })),
      ...allSentForms.flatMap((form): Behaviour[] => [
        { idToken: (claims) => ({ ...claims, acr: form }) },
        { idToken: (claims) => ({ ...claims, nonce: form }) },
        { idToken: (claims) => ({ ...claims, aud: form }) },
        { idToken: (claims) => ({ ...claims, [numberClaim]: Number(digitsOf(form)) }) },
        { callback: (params) => ({ ...params, state: form }) },
        { callback: (params) => ({ ...params, iss: form }) },
        { callback: (params) => ({ ...params, code: form }) },
        {
          callback: (params) => ({
            ...params,
            code: undefined,
            error: 'access_denied',
            error_description: `user ${form} cancelled`,
          }),
        },
      ]),
    ];
    for (const behaviour of refused) {
      const step = await login(behaviour);
      expect(step.stopped).toBeUndefined(); // an error page, never a login
    }
    // A login the provider gets right, but with the number as its subject and session ids.
    for (const form of allSentForms) {
      const step = await login({ idToken: (claims) => ({ ...claims, sub: form, sid: form }) });
      expect(step.stopped?.origin).toBe(eServiceOrigin);
      const now = Math.floor(Date.now() / 1000);
      const token = await stack.evil.sign(
        {
          iss: stack.evil.issuer,
          aud: 'gateway-client',
          iat: now,
          exp: now + 60,
          jti: crypto.randomUUID(),
          sub: form,
          sid: form,
          events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
        },
        { typ: 'logout+jwt' },
      );
      const ended = await stack.send('back-channel logout', '/auth/backchannel-logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
      });
      expect(ended.status).toBe(200);
    }
    stack.evil.behave({});
    expect(findingsSince(since)).toEqual([]);
  });

  it('in the audit extract route', async () => {
    const since = mark();
    const extract = (label: string, body: unknown, headers: Record<string, string> = {}) =>
      stack.send(label, '/audit/extract', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${officialToken}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    for (const form of allSentForms) {
      const answer = await extract(`extract ${form}`, { personnummer: form });
      const valid =
        sentForms(numbers.citizen).includes(form) || sentForms(numbers.coordination).includes(form);
      expect(answer.status, form).toBe(valid ? 200 : 422);
      await extract(`extract csv ${form}`, { personnummer: form }, { accept: 'text/csv' });
      await extract('extract, dates', { personnummer: form, from: form, to: form });
      await extract('extract, unknown field', { personnummer: numbers.citizen, [form]: form });
      await extract('extract, number typed', { personnummer: Number(digitsOf(form)) });
      await extract('extract, malformed', `{"personnummer": "${form}"`);
      await extract(
        'extract, not an official',
        { personnummer: form },
        { authorization: `Bearer ${digitsOf(form)}` },
      );
      await stack.send('extract in the query', `/audit/extract?personnummer=${encodeURIComponent(form)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officialToken}` },
      });
    }
    // The extract is real: the citizen's logins are in it, described without the number.
    const shown = await extract('extract, citizen', { personnummer: numbers.citizen });
    expect(JSON.parse(shown.body)).toMatchObject({
      records: expect.arrayContaining([expect.objectContaining({ operation: 'login', eService: 'bygglov' })]),
    });
    expect(findingsSince(since)).toEqual([]);
  });

  it('at logout, from the e-service and from the identity provider', async () => {
    const since = mark();
    const { browser, config, tokens } = citizen;
    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: postLogoutUri,
    });
    const confirm = await browser.follow(endSession, { stop: (next) => next.origin === eServiceOrigin });
    const xsrf = /name="xsrf" value="([^"]*)"/.exec(confirm.body)?.[1] ?? '';
    const back = await browser.follow(new URL('/oidc/session/end/confirm', stack.url), {
      form: { xsrf, logout: 'yes' },
      stop: (next) => next.origin === eServiceOrigin || next.origin === new URL(stack.idp.url).origin,
    });
    expect(back.stopped).toBeDefined();
    // The samordningsnummer's login ends at the identity provider, which tells the gateway (back-channel).
    const other = await loginAs(stack, numbers.coordination);
    const before = stack.receiver.bodies.length;
    const atIdp = await other.browser.follow(new URL('/session/end', stack.idp.url));
    const idpXsrf = /name="xsrf" value="([^"]*)"/.exec(atIdp.body)?.[1] ?? '';
    await other.browser.follow(new URL(/action="([^"]*)"/.exec(atIdp.body)?.[1] ?? '', atIdp.at), {
      form: { xsrf: idpXsrf, logout: 'yes' },
    });
    // The e-service was told in turn; what it was sent is scanned too.
    expect(stack.receiver.bodies.length).toBeGreaterThan(before);
    for (const body of stack.receiver.bodies) {
      stack.exchanges.push({
        label: 'sent to the e-service',
        status: 0,
        headers: '',
        body: decodeURIComponent(body),
      });
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('in the application log, from start to finish', () => {
    const lines = stack.logs.lines;
    // At least the access line of every request the gateway answered: the capture did see them all.
    expect(lines.length).toBeGreaterThan(stack.exchanges.filter((exchange) => exchange.status > 0).length);
    expect([...lines.flatMap((line) => findNumbers('log', line)), ...findShapes('log', lines)]).toEqual([]);
  });
});

describe('a trace id that spells a personnummer', () => {
  it('is not continued: a new trace starts, so the number is never echoed, logged or passed on', async () => {
    const as = await loginAs(stack, numbers.citizen);
    const since = mark();
    const traceId = numbers.example.padStart(32, 'a');
    const answer = await api('trace id of digits', '/cases/c-own', {
      headers: { traceparent: `00-${traceId}-${'b'.repeat(16)}-01` },
      as,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers).not.toContain(traceId);
    withoutOwnNumber(answer);
    expect(findingsSince(since)).toEqual([]);
  });
});
