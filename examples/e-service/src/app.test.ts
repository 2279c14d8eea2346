import { caseManagement, examples } from '@brygga/contract-case-management';
import { type MockGatewayOptions, mockGateway, mockOperation } from '@brygga/sdk/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLogin, fakeLogin } from '../test/fake-login.ts';
import { csrfOf, type Page, Visitor } from '../test/visitor.ts';
import { createEServiceApp } from './app.ts';
import { defaultContractVersion } from './server.ts';
import { SessionStore } from './session/store.ts';

/* The e-service against @brygga/sdk/testing's msw handlers: no gateway, no business system. */

const gatewayUrl = 'https://brygga.test';
const publicUrl = 'http://127.0.0.1:7403';
const version = defaultContractVersion;
const mockOptions: MockGatewayOptions<typeof caseManagement> = {
  contract: caseManagement,
  version,
  gatewayUrl,
  examples: examples[version],
};
const server = setupServer(...mockGateway(mockOptions));

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: string;
}
let seen: Seen[] = [];
let now = Date.parse('2026-12-10T09:00:00Z');
let login: FakeLogin;
let sessions: SessionStore;
let logLines: string[] = [];

beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  server.events.on('request:start', async ({ request }) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.clone().text(),
    });
  });
});
beforeEach(() => {
  seen = [];
  logLines = [];
  now = Date.parse('2026-12-10T09:00:00Z');
  login = fakeLogin(gatewayUrl, () => now);
  sessions = new SessionStore({ now: () => now });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function visitor(receiptWaitMs?: number): Visitor {
  const app = createEServiceApp({
    ...(receiptWaitMs === undefined ? {} : { receiptWaitMs }),
    publicUrl,
    gatewayUrl,
    contractVersion: version,
    login,
    sessions,
    // The receipt page's wait polls at once instead of sleeping out the gateway's Retry-After.
    client: { maxRetries: 0, onDeprecation: () => {}, sleep: async () => {} },
    log: (event, fields) => void logLines.push(JSON.stringify({ event, ...fields })),
    now: () => now,
  });
  return new Visitor(app as never, publicUrl);
}

/** Logs in through the fake gateway and lands on `next`; returns that page. */
async function loggedIn(
  next = '/ansokan',
  receiptWaitMs?: number,
): Promise<{ browser: Visitor; page: Page }> {
  const browser = visitor(receiptWaitMs);
  const started = await browser.get(`/login?next=${encodeURIComponent(next)}`);
  expect(started.status).toBe(303);
  const state = new URL(started.location ?? '').searchParams.get('state');
  const back = await browser.get(`/callback?code=c&state=${state}&iss=${encodeURIComponent(gatewayUrl)}`);
  expect(back.status).toBe(303);
  expect(back.location).toBe(next);
  return { browser, page: await browser.get(next) };
}

const validForm = {
  applicationType: 'bygglov',
  title: 'Nybyggnad av garage',
  description: 'Fristående garage om 30 kvadratmeter.',
  propertyDesignation: 'uppsala kåbo 5:12',
  givenName: 'Tolvan',
  familyName: 'Tolvansson',
  email: 'tolvan.tolvansson@example.se',
  phone: '',
};

/** The href of every link in the error summary, and the text of the page's title. */
function summaryLinks(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/href="([^"]+)"/g)].map((match) => match[1] ?? '');
}

describe('start and login', () => {
  it('shows the start page with the way in, and sends a visitor without a login through the gateway', async () => {
    const browser = visitor();
    const start = await browser.get('/');
    expect(start.status).toBe(200);
    expect(start.html).toContain('<html lang="sv">');
    expect(start.html).toContain(
      'href="/login">Logga in med BankID <span lang="en">Log in with BankID</span>',
    );
    expect(start.html).toContain('<a class="skip-link" href="#main">');
    expect(start.headers.get('content-security-policy')).toContain(`form-action 'self' ${gatewayUrl}`);
    expect(start.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookies.size).toBe(0);

    const form = await browser.get('/ansokan');
    expect(form).toMatchObject({ status: 303, location: '/login?next=%2Fansokan' });
  });

  it('keeps the login transaction server-side behind an HttpOnly SameSite=Lax cookie, and changes the id on login', async () => {
    const browser = visitor();
    const started = await browser.get('/login?next=/mina-arenden');
    expect(started.location).toMatch(new RegExp(`^${gatewayUrl}/oidc/auth\\?state=`));
    expect(browser.setCookies).toHaveLength(1);
    expect(browser.setCookies[0]).toMatch(/^bygglov=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const before = browser.cookies.get('bygglov');

    const state = new URL(started.location ?? '').searchParams.get('state');
    const back = await browser.get(`/callback?code=c&state=${state}`);
    expect(back).toMatchObject({ status: 303, location: '/mina-arenden' });
    const after = browser.cookies.get('bygglov');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The id from before the login opens nothing any more.
    expect(sessions.get(before)).toBeUndefined();
    expect(sessions.get(after)?.user?.subject).toBe('pairwise-subject-1');
  });

  it('keeps a logged-in session when a full store meets a flood of anonymous visits', async () => {
    sessions = new SessionStore({ now: () => now, maxSessions: 5 });
    const { browser } = await loggedIn('/mina-arenden');
    for (let i = 0; i < 50; i++) await visitor().get('/login');
    expect(sessions.size).toBe(5);
    expect((await browser.get('/mina-arenden')).status).toBe(200);
  });

  it('never follows a return address outside the e-service', async () => {
    const browser = visitor();
    const started = await browser.get('/login?next=https://evil.example/');
    const state = new URL(started.location ?? '').searchParams.get('state');
    expect((await browser.get(`/callback?code=c&state=${state}`)).location).toBe('/ansokan');
    const other = await browser.get('/login?next=//evil.example/x');
    const state2 = new URL(other.location ?? '').searchParams.get('state');
    expect((await browser.get(`/callback?code=c&state=${state2}`)).location).toBe('/ansokan');
  });

  it('says plainly when the login was cancelled, forged or cannot start', async () => {
    const browser = visitor();
    const started = await browser.get('/login');
    const state = new URL(started.location ?? '').searchParams.get('state');
    const cancelled = await browser.get(`/callback?error=access_denied&state=${state}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.html).toContain('Inloggningen avbröts');
    expect(cancelled.html).toContain('href="/login"');

    const forged = await browser.get('/callback?code=c&state=someone-elses');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('Inloggningen hittades inte');
    expect(await visitor().get('/callback?code=c&state=x')).toMatchObject({ status: 400 });

    // The error= value comes from the address, so anyone can put anything there: logged only when it looks like
    // an OAuth error code.
    logLines = [];
    const again = await browser.get('/login');
    const state3 = new URL(again.location ?? '').searchParams.get('state');
    await browser.get(`/callback?error=19121212-1212&state=${state3}`);
    const another = await browser.get('/login');
    const state4 = new URL(another.location ?? '').searchParams.get('state');
    await browser.get(`/callback?error=server_error&state=${state4}`);
    const failed = logLines.filter((line) => line.includes('"oauthError"'));
    expect(failed.map((line) => JSON.parse(line).oauthError)).toEqual(['other', 'server_error']);
    expect(logLines.join('\n')).not.toContain('19121212');

    login.down = true;
    const down = await visitor().get('/login');
    expect(down.status).toBe(503);
    expect(down.html).toContain('Inloggningen fungerar inte just nu');
    expect(down.html).toMatch(/Felkod <span lang="en">Reference<\/span>: <code>[0-9a-f-]{36}<\/code>/);
  });
});

describe('the application form', () => {
  it('shows every field with a label, and the person’s fields with their autocomplete purpose', async () => {
    const { page } = await loggedIn();
    expect(page.status).toBe(200);
    for (const field of [
      'title',
      'description',
      'propertyDesignation',
      'givenName',
      'familyName',
      'email',
      'phone',
    ]) {
      expect(page.html).toContain(`<label for="${field}">`);
      expect(page.html).toMatch(new RegExp(`id="${field}" name="${field}"`));
    }
    expect(page.html).toContain('autocomplete="given-name"');
    expect(page.html).toContain('autocomplete="family-name"');
    expect(page.html).toContain('<legend>Vad vill du ansöka om?');
    expect(page.html).not.toMatch(/personnummer"|personalIdentityNumber/i);
    expect(page.html).toContain('<form method="post" action="/logga-ut">');
  });

  it('answers an invalid form with the form again: error summary linked to the fields, values kept, nothing sent', async () => {
    const { browser, page } = await loggedIn();
    const answer = await browser.post('/ansokan', {
      ...validForm,
      csrf: csrfOf(page.html),
      applicationType: '',
      propertyDesignation: 'min tomt',
      email: 'tolvan.example.se',
    });
    expect(answer.status).toBe(422);
    expect(answer.html).toContain('<title>Fel: Ny ansökan');
    expect(summaryLinks(answer.html)).toEqual(['#applicationType-bygglov', '#propertyDesignation', '#email']);
    expect(answer.html).toMatch(/class="error-summary" role="alert"[^>]* tabindex="-1" autofocus/);
    // Each field points at its message, and says it is invalid.
    expect(answer.html).toMatch(
      /id="email" name="email" aria-describedby="email-hint email-error" aria-invalid="true"/,
    );
    expect(answer.html).toContain('id="email-error"');
    expect(answer.html).toContain('id="propertyDesignation-error"');
    expect(answer.html).toContain('Skriv e-postadressen som namn@exempel.se');
    expect(answer.html).toContain('<span lang="en">Write the email address like name@example.se');
    // What the person typed is in the fields (their own page), not in any message or address.
    expect(answer.html).toContain('value="tolvan.example.se"');
    expect(answer.html.match(/tolvan\.example\.se/g)).toHaveLength(1);
    expect(answer.location).toBeNull();
    expect(seen).toEqual([]);
  });

  it('refuses a POST without the session’s CSRF token, or from another site, and sends nothing', async () => {
    const { browser } = await loggedIn();
    expect((await browser.post('/ansokan', validForm)).status).toBe(403);
    expect((await browser.post('/ansokan', { ...validForm, csrf: 'x'.repeat(43) })).status).toBe(403);
    const page = await browser.get('/ansokan');
    const foreign = await browser.post(
      '/ansokan',
      { ...validForm, csrf: csrfOf(page.html) },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('submits through the outbox with an Idempotency-Key and no personnummer, then shows the receipt and the case', async () => {
    const { browser, page } = await loggedIn();
    const sent = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(sent).toMatchObject({ status: 303, location: '/kvitto' });
    expect(seen).toHaveLength(1);
    const call = seen[0] as Seen;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/case-management/cases');
    expect(call.headers.get('prefer')).toBe('respond-async');
    expect(call.headers.get('authorization')).toBe('Bearer access-token-1');
    expect(call.headers.get('brygga-version')).toBe(version);
    expect(call.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(call.body)).toEqual({
      applicationType: 'bygglov',
      title: 'Nybyggnad av garage',
      description: 'Fristående garage om 30 kvadratmeter.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      applicant: { givenName: 'Tolvan', familyName: 'Tolvansson', email: 'tolvan.tolvansson@example.se' },
    });

    const receipt = await browser.get('/kvitto');
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain('Vi har tagit emot din ansökan');
    expect(receipt.html).toContain('<span lang="en">We have received your application</span>');
    expect(receipt.html).toMatch(/<code>rcpt_[A-Za-z0-9_-]{24}<\/code>/);
    expect(receipt.html).toContain('Framme hos handläggarna.');
    expect(receipt.html).toContain('<p class="case-id">BN-2026-001234</p>');
    expect(receipt.html).toContain('href="/mina-arenden/BN-2026-001234"');
    // Read with the citizen's token, as the gateway's receipts route asks.
    const polls = seen.filter((each) => each.path.startsWith('/receipts/'));
    expect(polls.length).toBeGreaterThan(0);
    expect(polls[0]?.headers.get('authorization')).toBe('Bearer access-token-1');
    // The form is empty again for the next application.
    expect((await browser.get('/ansokan')).html).not.toContain('value="Nybyggnad av garage"');
  });

  it('sends the same key when the same application is submitted twice, a new one when it changed', async () => {
    const { browser, page } = await loggedIn();
    const csrf = csrfOf(page.html);
    server.use(mockOperation(mockOptions, 'createCase', 'service_unavailable'));
    await browser.post('/ansokan', { ...validForm, csrf });
    await browser.post('/ansokan', { ...validForm, csrf });
    await browser.post('/ansokan', { ...validForm, title: 'Carport', csrf });
    const keys = seen.map((each) => each.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('answers the same application sent again after it went through with its receipt, without a second case', async () => {
    const { browser, page } = await loggedIn();
    const csrf = csrfOf(page.html);
    // A double click whose first POST had already finished: the second must not open another case.
    expect(await browser.post('/ansokan', { ...validForm, csrf })).toMatchObject({
      status: 303,
      location: '/kvitto',
    });
    expect(await browser.post('/ansokan', { ...validForm, csrf })).toMatchObject({
      status: 303,
      location: '/kvitto',
    });
    const posts = () => seen.filter((each) => each.method === 'POST');
    expect(posts()).toHaveLength(1);
    expect((await browser.get('/kvitto')).html).toContain('<p class="case-id">BN-2026-001234</p>');
    // Another application is sent, under a new key.
    await browser.post('/ansokan', { ...validForm, title: 'Carport', csrf });
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.headers.get('idempotency-key')).not.toBe(posts()[0]?.headers.get('idempotency-key'));
  });
});

describe('requests too large to read', () => {
  it('answers a form over 64 KiB with 413 and a plain page, logged in or not, and sends nothing', async () => {
    const { browser, page } = await loggedIn();
    const big = { ...validForm, description: 'x'.repeat(100 * 1024), csrf: csrfOf(page.html) };
    for (const answer of [await browser.post('/ansokan', big), await visitor().post('/ansokan', big)]) {
      expect(answer.status).toBe(413);
      expect(answer.html).toContain('<html lang="sv">');
      expect(answer.html).toContain('Det du skickade var för stort');
      expect(answer.html).toContain('<span lang="en">What you sent was too large</span>');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    // Without a Content-Length (a chunked upload): stopped once over the limit, not read to the end.
    let pulled = 0;
    const chunk = new TextEncoder().encode('a'.repeat(16 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const app = createEServiceApp({
      publicUrl,
      gatewayUrl,
      contractVersion: version,
      login,
      sessions,
      log: () => {},
    });
    const streamed = await app.request(`${publicUrl}/ansokan`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect([403, 413]).toContain(streamed.status);
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(seen).toEqual([]);
  });
});

describe('gateway errors, as plain messages with the request id', () => {
  it('keeps the form filled in when the gateway is unavailable, and shows the request id', async () => {
    const { browser, page } = await loggedIn();
    server.use(mockOperation(mockOptions, 'createCase', 'service_unavailable'));
    const answer = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(answer.status).toBe(503);
    expect(answer.html).toContain('Tjänsten svarar inte just nu');
    expect(answer.html).toContain('<span lang="en">The service is not answering right now');
    const requestId = seen[0]?.headers && /<code>([^<]+)<\/code>/.exec(answer.html)?.[1];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.html).toContain('value="Nybyggnad av garage"');
    expect(answer.html).not.toMatch(/Error|stack|at .*\.ts/);
  });

  it('shows the business system’s property_not_found on the receipt, in both languages', async () => {
    const { browser, page } = await loggedIn();
    server.use(mockOperation(mockOptions, 'createCase', 'property_not_found'));
    const sent = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    // Checked by the business system after the gateway accepted it: the answer comes on the receipt.
    expect(sent).toMatchObject({ status: 303, location: '/kvitto' });
    const answer = await browser.get('/kvitto');
    expect(answer.html).toContain('Kontrollera fastighetsbeteckningen, till exempel UPPSALA KÅBO 5:12.');
    expect(answer.html).toContain('Check the property designation, for example UPPSALA KÅBO 5:12.');
  });

  it('maps the gateway’s validation_failed field list onto the form', async () => {
    const { browser, page } = await loggedIn();
    server.use(
      http.post(`${gatewayUrl}/api/case-management/cases`, () =>
        HttpResponse.json(
          {
            type: '/problems/validation-failed',
            title: 'Några uppgifter saknas eller är fel.',
            status: 422,
            code: 'validation_failed',
            requestId: 'req-422',
            errors: [
              { path: '/body/applicant/phone', code: 'invalid_format', message: 'x' },
              { path: '/body/title', code: 'too_big', message: 'x' },
            ],
          },
          { status: 422, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req-422' } },
        ),
      ),
    );
    const answer = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(answer.status).toBe(422);
    expect(summaryLinks(answer.html)).toEqual(['#title', '#phone']);
    expect(answer.html).toContain('<code>req-422</code>');
  });

  it('says on the receipt, in the contract’s words, when the business system refused the application', async () => {
    const { browser, page } = await loggedIn();
    server.use(mockOperation(mockOptions, 'createCase', 'duplicate_submission'));
    const answer = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(answer).toMatchObject({ status: 303, location: '/kvitto' });
    const receipt = await browser.get('/kvitto');
    expect(receipt.html).toContain('role="alert"');
    expect(receipt.html).toContain('Ansökan är redan inskickad.');
    expect(receipt.html).toContain('The application has already been submitted.');
    expect(receipt.html).toContain('href="/mina-arenden"');
    expect(receipt.html).not.toContain('class="case-id"');
  });

  it('says plainly when the gateway gave up delivering, with the receipt number to give support', async () => {
    const { browser, page } = await loggedIn();
    server.use(mockOperation(mockOptions, 'createCase', 'dead'));
    await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    const receipt = await browser.get('/kvitto');
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain('Ansökan kunde inte lämnas över');
    expect(receipt.html).toContain('The application could not be passed on');
    expect(receipt.html).toMatch(/<code>rcpt_/);
    expect(receipt.html).not.toMatch(/service_unavailable|Error|stack/);
  });

  it('shows the status in plain words with a refresh link while it is on its way; no automatic refresh', async () => {
    // The wait ends at its first look, while the receipt still says accepted.
    const { browser, page } = await loggedIn('/ansokan', 0);
    server.use(...mockGateway({ ...mockOptions, receiptSteps: ['accepted', 'accepted', 'delivering'] }));
    await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    const waiting = await browser.get('/kvitto');
    expect(waiting.status).toBe(200);
    expect(waiting.html).toContain('Vi har tagit emot din ansökan');
    expect(waiting.html).toMatch(/Status:<\/strong> (Mottagen|På väg till handläggarna)/);
    expect(waiting.html).toContain('href="/kvitto">Uppdatera <span lang="en">Refresh</span>');
    expect(waiting.html).not.toContain('http-equiv="refresh"');
    expect(waiting.html).not.toContain('class="case-id"');
    // Reloading sends nothing again: it only reads the receipt, until it is delivered.
    let delivered = waiting;
    for (let i = 0; i < 5 && !delivered.html.includes('class="case-id"'); i += 1) {
      delivered = await browser.get('/kvitto');
    }
    expect(delivered.html).toContain('<p class="case-id">BN-2026-001234</p>');
    expect(seen.filter((each) => each.method === 'POST')).toHaveLength(1);
  });

  it('logs in again when the gateway refuses the token, keeping what was typed', async () => {
    const { browser, page } = await loggedIn();
    server.use(mockOperation(mockOptions, 'createCase', 'unauthenticated', { once: true }));
    const answer = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(answer).toMatchObject({ status: 303, location: '/login?next=%2Fansokan' });
    const started = await browser.get('/login?next=%2Fansokan');
    const state = new URL(started.location ?? '').searchParams.get('state');
    await browser.get(`/callback?code=c&state=${state}`);
    const again = await browser.get('/ansokan');
    expect(again.html).toContain('Du loggades in igen.');
    expect(again.html).toContain('value="Nybyggnad av garage"');
    // Re-submitting the same application reuses its key: a lost answer can never open a second case.
    await browser.post('/ansokan', { ...validForm, csrf: csrfOf(again.html) });
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.get('idempotency-key')).toBe(seen[0]?.headers.get('idempotency-key'));
    expect(seen[1]?.headers.get('authorization')).toBe('Bearer access-token-2');
  });

  it('logs in again before calling when the access token has expired, and drops the draft for another person', async () => {
    const { browser, page } = await loggedIn();
    now += 10 * 60_000;
    const answer = await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    expect(answer).toMatchObject({ status: 303, location: '/login?next=%2Fansokan' });
    expect(seen).toEqual([]);
    login.subject = 'someone-else';
    const started = await browser.get('/login?next=%2Fansokan');
    const state = new URL(started.location ?? '').searchParams.get('state');
    await browser.get(`/callback?code=c&state=${state}`);
    const form = await browser.get('/ansokan');
    expect(form.html).not.toContain('value="Nybyggnad av garage"');
    expect(form.html).not.toContain('Du loggades in igen.');
  });
});

describe('my cases and a case’s status', () => {
  it('lists the cases with links to each', async () => {
    const { page } = await loggedIn('/mina-arenden');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<caption>Dina ärenden, nyast först');
    expect(page.html).toContain('<a href="/mina-arenden/BN-2026-001234">BN-2026-001234</a>');
    expect(page.html).toContain('Komplettering behövs');
    expect(page.html).toContain('Rivningslov');
    expect(page.html).toContain('20 november 2026 kl. 10:30');
    expect(seen.map((each) => `${each.method} ${each.path}`)).toEqual(['GET /api/case-management/cases']);
  });

  it('shows where a case stands and what that means, from getCase and getCaseStatus', async () => {
    const { page } = await loggedIn('/mina-arenden/BN-2026-777');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Ärende BN-2026-777');
    expect(page.html).toContain(
      '<strong>Status: Komplettering behövs <span lang="en">More information needed</span></strong>',
    );
    expect(page.html).toContain('aria-current="step"');
    expect(page.html).toContain('UPPSALA KÅBO 5:12');
    expect(seen.map((each) => each.path).sort()).toEqual([
      '/api/case-management/cases/BN-2026-777',
      '/api/case-management/cases/BN-2026-777/status',
    ]);
  });

  it('answers a case that does not exist with the contract’s words and the request id', async () => {
    const { browser } = await loggedIn('/mina-arenden');
    server.use(mockOperation(mockOptions, 'getCase', 'case_not_found'));
    const page = await browser.get('/mina-arenden/BN-2026-999');
    expect(page.status).toBe(404);
    expect(page.html).toContain('Ärendet finns inte.');
    expect(page.html).toContain('The case does not exist.');
    expect(page.html).toMatch(/<code>[0-9a-f-]{36}<\/code>/);
    // An id that cannot be a case never reaches the gateway.
    const before = seen.length;
    expect((await browser.get('/mina-arenden/..%2F..%2Fadmin')).status).toBe(404);
    expect(seen.length).toBe(before);
  });
});

describe('logout', () => {
  it('needs the CSRF token, ends the session here first, then sends the browser to the gateway’s end-session', async () => {
    const { browser, page } = await loggedIn('/mina-arenden');
    const id = browser.cookies.get('bygglov');
    expect((await browser.post('/logga-ut', {})).status).toBe(403);
    expect(sessions.get(id)).toBeDefined();

    const out = await browser.post('/logga-ut', { csrf: csrfOf(page.html) });
    expect(out.status).toBe(303);
    expect(out.location).toBe(`${gatewayUrl}/oidc/session/end?id_token_hint=id-token-1&state=utloggad`);
    expect(sessions.get(id)).toBeUndefined();
    expect(browser.cookies.has('bygglov')).toBe(false);
    const start = await browser.get('/?state=utloggad');
    expect(start.html).toContain('Du är utloggad.');
    expect((await browser.get('/mina-arenden')).status).toBe(303);
  });
});

describe('what the browser and the log get', () => {
  it('never gets the access token or the ID token, and the log has no form values', async () => {
    const { browser, page } = await loggedIn();
    await browser.post('/ansokan', { ...validForm, csrf: csrfOf(page.html) });
    const pages = [await browser.get('/kvitto'), await browser.get('/mina-arenden'), await browser.get('/')];
    for (const each of pages) {
      const everything = `${each.html}\n${JSON.stringify([...each.headers])}`;
      expect(everything).not.toContain('access-token-');
      expect(everything).not.toContain('id-token-');
    }
    expect(browser.setCookies.join('\n')).not.toMatch(/token/);
    expect(logLines.length).toBeGreaterThan(2);
    for (const line of logLines) {
      for (const value of ['Tolvan', 'UPPSALA', 'garage', 'example.se', 'access-token']) {
        expect(line).not.toContain(value);
      }
    }
  });
});
