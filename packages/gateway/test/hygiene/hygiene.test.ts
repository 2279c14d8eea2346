import { caseManagement } from '@brygga/contract-case-management';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenPaths } from '../../src/citizen/index.ts';
import { formAction, hiddenValue } from '../identity/browser.ts';
import { type Behaviour, numberClaim } from '../identity/evil-idp.ts';
import { authorizationRequest, eServiceClient, eServiceSecret } from '../identity/stack.ts';
import type { BusinessMode } from './business-system.ts';
import { allSentForms, type Finding, findNumbers, findShapes, numbers, sentForms } from './needles.ts';
import {
  type AdapterMode,
  citizenPageLogin,
  type Exchange,
  eServiceOrigin,
  type HygieneStack,
  type LoggedIn,
  loginAs,
  metricsToken,
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
 * gate. Then the surfaces added since: submissions to the durable outbox (`Prefer: respond-async`) and their
 * receipts until final, the citizen's page "Mina uppgifter" with its downloads, cookies and redirects, and
 * /metrics (behind a token here), scraped after all the traffic.
 *
 * The one exception, documented where it is made: versions of the case-management contract before
 * 2026-12-01 (the e-service here is pinned to 2026-11-01) return the applicant's personnummer in a case
 * (`applicant.personalIdentityNumber`), to the e-service acting for that same logged-in citizen. Each such
 * body is checked to hold exactly the citizen's own number there, and that field alone is removed before the
 * scan; so is the same case in a delivered receipt's `result`, which is that answer at the pinned version. At the newest version the contract carries no personnummer at all, and nothing is removed.
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

/** A header of a recorded exchange. */
function headerOf(exchange: Exchange, name: string): string | undefined {
  const pairs = JSON.parse(exchange.headers) as [string, string][];
  return pairs.find(([key]) => key === name)?.[1];
}

interface Receipt {
  readonly status: string;
  readonly result?: { readonly status: number; readonly body: unknown };
  readonly problem?: { readonly code: string; readonly title: string };
}

/**
 * What a delivered receipt legitimately holds at the pinned version, as the synchronous answer does: the case,
 * with the logged-in citizen's own number as its applicant. Checked and removed before the scan.
 */
function withoutOwnNumberInReceipt(exchange: Exchange): void {
  const body = JSON.parse(exchange.body) as {
    result?: { body?: { applicant?: { personalIdentityNumber?: string } } };
  };
  expect(body.result?.body?.applicant?.personalIdentityNumber).toBe(numbers.citizen);
  delete body.result?.body?.applicant?.personalIdentityNumber;
  const index = stack.exchanges.indexOf(exchange);
  stack.exchanges[index] = { ...exchange, body: JSON.stringify(body) };
}

/**
 * Polls the receipt a 202 points to (its Location) as an e-service does, until it is final; every poll is
 * recorded and scanned. The stack's outbox polls every 20 ms and gives up after two quick attempts, so this
 * takes a few polls; the deadline only bounds a broken run.
 */
async function finalReceipt(accepted: Exchange): Promise<Receipt> {
  expect(accepted.status, accepted.label).toBe(202);
  const location = headerOf(accepted, 'location') ?? '';
  expect(location).toMatch(/\/receipts\/rcpt_/);
  const path = new URL(location).pathname;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const polled = await stack.send(`receipt of ${accepted.label}`, path, {
      headers: { authorization: `Bearer ${citizen.tokens.access_token}` },
    });
    expect(polled.status).toBe(200);
    const receipt = JSON.parse(polled.body) as Receipt;
    if (receipt.status === 'delivered') withoutOwnNumberInReceipt(polled);
    if (['delivered', 'failed', 'dead'].includes(receipt.status)) return receipt;
    if (Date.now() > deadline) throw new Error(`receipt not final in time: ${receipt.status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
    const metrics = await stack.send('GET /metrics', '/metrics', {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
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
      'duplicate',
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
    const extract = (label: string, body: string | object, headers: Record<string, string> = {}) =>
      stack.send(label, '/audit/extract', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${officialToken}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify({ reason: 'registerutdrag 2026-17', ...body }),
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
      await extract('extract, number in the reason', {
        personnummer: numbers.citizen,
        reason: `utdrag ${form}`,
      });
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

  it('in submissions to the durable outbox, and in their receipts until final', async () => {
    const since = mark();
    const accepted: Exchange[] = [];
    const submit = async (
      label: string,
      body: unknown = application(),
      headers: Record<string, string> = {},
      path = '/cases',
    ) => {
      const answer = await api(`async ${label}`, path, {
        body,
        headers: { prefer: 'respond-async', ...headers },
      });
      if (answer.status === 202) accepted.push(answer);
      return answer;
    };
    expect((await submit('own number')).status).toBe(202);
    for (const form of allSentForms) {
      const encoded = encodeURIComponent(form);
      const digits = digitsOf(form);
      await submit(`applicant ${form}`, application(form));
      await submit(
        `free text ${form}`,
        application(numbers.citizen, { title: `Altan ${form}`, description: `Sökande ${form}` }),
      );
      await submit(`unknown field ${form}`, { ...application(), [form]: form });
      const headers: Record<string, string>[] = [
        { 'idempotency-key': form },
        { 'idempotency-key': `ansokan-${digits}` },
        { 'x-request-id': form },
        { tracestate: `brygga=${form}` },
        { 'brygga-purpose': form },
        { 'accept-language': form },
        { prefer: `respond-async, ${form}` },
        { prefer: `respond-async; wait=${digits}` },
        { 'x-personnummer': form },
      ];
      for (const header of headers) await submit(`header ${JSON.stringify(header)}`, application(), header);
      await submit(
        `query ${form}`,
        application(),
        {},
        `/cases?personnummer=${encoded}&${encoded}=${encoded}`,
      );
      await submit(`path ${form}`, application(), {}, `/cases/${encoded}`);
    }
    // Several per form were taken (the headers' calls at least), and each of them is followed to its end.
    expect(accepted.length).toBeGreaterThan(allSentForms.length * 5);
    const delivered = [];
    for (const each of accepted) delivered.push((await finalReceipt(each)).status);
    expect(new Set(delivered)).toContain('delivered');

    // Deliveries that fail: refused (failed) with the number in the refusal, or given up on (dead).
    const finals = new Map<string, Receipt>();
    const businessModes: BusinessMode[] = [
      'duplicate',
      'server-error',
      'conflict',
      'rejected',
      'not-json',
      'wrong-shape',
    ];
    try {
      stack.business.leak = numbers.citizen;
      for (const mode of businessModes) {
        stack.business.mode = mode;
        finals.set(`business ${mode}`, await finalReceipt(await submit(`business system ${mode}`)));
      }
    } finally {
      stack.business.mode = 'normal';
    }
    const adapterModes: AdapterMode[] = ['throws', 'detail', 'undeclared', 'bad-body'];
    try {
      for (const mode of adapterModes) {
        stack.adapterMode = mode;
        finals.set(`adapter ${mode}`, await finalReceipt(await submit(`adapter ${mode}`)));
      }
    } finally {
      stack.adapterMode = 'real';
    }
    // Refused by the business system, whose refusal quoted the number: the receipt gives the contract's words.
    expect(finals.get('business duplicate')).toMatchObject({
      status: 'failed',
      problem: { code: 'duplicate_submission' },
    });
    expect(finals.get('adapter detail')).toMatchObject({
      status: 'failed',
      problem: { code: 'duplicate_submission' },
    });
    expect(finals.get('business server-error')?.status).toBe('dead');
    expect(finals.get('adapter bad-body')?.status).toBe('dead');

    // Receipts that do not exist, named by a number, and asked for with a number for credentials.
    const bearer = { authorization: `Bearer ${citizen.tokens.access_token}` };
    for (const form of allSentForms) {
      const encoded = encodeURIComponent(form);
      for (const id of [encoded, `rcpt_${digitsOf(form).padEnd(24, '0')}`, `rcpt_${encoded}`]) {
        const unknown = await stack.send(`receipt ${id}`, `/receipts/${id}`, { headers: bearer });
        expect(unknown.status, id).toBe(404);
        await stack.send(`receipt ${id}, no credentials`, `/receipts/${id}`);
        await stack.send(`receipt ${id}, a number for a token`, `/receipts/${id}`, {
          headers: { authorization: `Bearer ${digitsOf(form)}` },
        });
      }
      await stack.send('receipts, query', `/receipts?personnummer=${encoded}`, { headers: bearer });
      await stack.send('receipt, query', `/receipts/${encoded}?personnummer=${encoded}`, { headers: bearer });
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('on the citizen’s page Mina uppgifter: its HTML, downloads, cookies and redirects', async () => {
    const since = mark();
    // Its inputs, without a login.
    for (const form of allSentForms) {
      const encoded = encodeURIComponent(form);
      const query = `lang=${encoded}&from=${encoded}&to=${encoded}&before=${encoded}&state=${encoded}`;
      for (const path of Object.values(citizenPaths)) {
        await stack.send(`${path}, numbers in the query`, `${path}?${query}`);
        await stack.send(`${path}, numbers in cookies`, path, {
          headers: {
            cookie: `brygga-mina-uppgifter=${encoded}; brygga-mina-uppgifter-login=${encoded}`,
            'accept-language': form,
          },
        });
      }
      const callback = new URLSearchParams({
        code: form,
        state: form,
        iss: form,
        error: form,
        error_description: form,
      });
      await stack.send('page callback', `${citizenPaths.callback}?${callback}`);
      await stack.send('page logout, from elsewhere', citizenPaths.logout, {
        method: 'POST',
        headers: {
          origin: `http://${digitsOf(form)}.example`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `lang=${encoded}`,
      });
    }
    // Logged in, as a personnummer and as a samordningsnummer: their own records, never their number.
    for (const number of [numbers.citizen, numbers.coordination]) {
      const browser = stack.browser();
      const landed = await citizenPageLogin(stack, number, browser);
      expect(landed.at.pathname).toBe(citizenPaths.page);
      expect(landed.body).toContain('<h1>Mina uppgifter</h1>');
      expect(landed.body).toContain('<td>Du loggade in</td>');
      const page = (path: string) => browser.request(new URL(path, stack.url));
      // The URLs of these requests hold the numbers (they are what is sent); only the answers are scanned.
      const sending = browser.urls.length;
      for (const form of allSentForms) {
        const encoded = encodeURIComponent(form);
        // `before` left out here: the known reflection of it is its own test below.
        await page(`${citizenPaths.page}?from=${encoded}&to=${encoded}&lang=${encoded}`);
        await page(`${citizenPaths.csv}?from=${encoded}&to=${encoded}&before=${encoded}&lang=${encoded}`);
        await page(`${citizenPaths.json}?from=${encoded}&to=${encoded}&before=${encoded}&lang=${encoded}`);
      }
      const sent = browser.urls.splice(sending);
      expect(sent).toHaveLength(allSentForms.length * 3);
      expect((await page(`${citizenPaths.page}?lang=en`)).body).toContain('<h1>Who used my data</h1>');
      const csv = await page(`${citizenPaths.csv}?lang=en`);
      expect(csv.response.status).toBe(200);
      const json = await page(citizenPaths.json);
      const records = (JSON.parse(json.body) as { records: { operation: string }[] }).records;
      const operations = new Set(records.map((record) => record.operation));
      expect([...operations]).toContain('login');
      if (number === numbers.citizen) {
        // What the e-service and the outbox did for them is there, described without the number.
        expect([...operations]).toEqual(expect.arrayContaining(['createCase', 'listMyCases']));
        expect(csv.body).toContain('createCase');
      }
      // Logging out from the page, through the gateway's confirmation and the provider's.
      const confirm = await browser.follow(new URL(citizenPaths.logout, stack.url), { form: {} });
      const atIdp = await browser.follow(new URL(formAction(confirm.body), confirm.at), {
        form: { xsrf: hiddenValue(confirm.body, 'xsrf') ?? '', logout: 'yes' },
      });
      const back = await browser.follow(new URL(formAction(atIdp.body), atIdp.at), {
        form: { xsrf: hiddenValue(atIdp.body, 'xsrf') ?? '', logout: 'yes' },
      });
      expect(back.at.pathname).toBe(citizenPaths.loggedOut);
      // Every URL it was sent to and every cookie it was given, the identity providers' included.
      stack.exchanges.push({
        label: `the page's browser (${number === numbers.citizen ? 'personnummer' : 'samordningsnummer'})`,
        status: 0,
        headers: browser.setCookies.join('\n'),
        body: browser.urls.join('\n'),
      });
    }
    expect(findingsSince(since)).toEqual([]);
  });

  // Found by this sweep and fixed: the page once copied any digits given as `before` into its language link.
  it('on the citizen’s page, in its paging position (`before`)', async () => {
    const since = mark();
    const browser = stack.browser();
    await citizenPageLogin(stack, numbers.citizen, browser);
    for (const form of allSentForms) {
      const answer = await browser.request(
        new URL(`${citizenPaths.page}?before=${encodeURIComponent(form)}`, stack.url),
      );
      expect(answer.response.status).toBe(200);
    }
    expect(findingsSince(since)).toEqual([]);
  });

  it('to no e-service here: none declares the release of the personnummer, and asking for it is refused', async () => {
    const since = mark();
    // The one place an e-service may get it (identity/personnummer-release.test.ts) is not open in this stack,
    // so every surface above is held to zero findings.
    expect(stack.config.eServices.map((eService) => eService.identity?.personalIdentityNumber)).toEqual(
      stack.config.eServices.map(() => undefined),
    );
    const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'bygglov-client');
    const started = await authorizationRequest(config, redirectUri, {
      scope: 'openid https://id.oidc.se/scope/naturalPersonNumber',
    });
    const step = await stack
      .browser()
      .follow(started.url, { stop: (next) => next.origin === eServiceOrigin });
    expect(step.stopped?.searchParams.get('error')).toBe('invalid_scope');
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

  it('in /metrics, scraped after all the traffic', async () => {
    const since = mark();
    expect(stack.config.metrics.token).toBe(metricsToken);
    for (const form of allSentForms) {
      const refused = await stack.send('metrics, a number for a token', '/metrics', {
        headers: { authorization: `Bearer ${digitsOf(form)}` },
      });
      expect(refused.status).toBe(401);
    }
    expect((await stack.send('metrics, no token', '/metrics')).status).toBe(401);
    const scraped = await stack.send('metrics', '/metrics', {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(scraped.status).toBe(200);
    // It counted the traffic of the surfaces above: contract calls, and outbox deliveries that died.
    expect(scraped.body).toContain('brygga_contract_calls_total');
    expect(scraped.body).toMatch(/^brygga_outbox_attempts_total\{outcome="dead"\} [1-9]/m);
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
