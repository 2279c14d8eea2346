import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import {
  Browser,
  formAction,
  hiddenValue,
  radioValues,
  selectedOption,
} from '../../test/identity/browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  freePort,
  gatewayAtIdp,
  gatewayConfig,
  identityEnv,
  startTestIdp,
  type TestIdp,
} from '../../test/identity/stack.ts';
import { memoryCaseSystem } from '../contracts/memory-adapter.test-support.ts';
import { type RunningGateway, startGateway } from '../runtime/gateway.ts';
import { citizenPaths } from './client.ts';

/*
 * "Mina uppgifter" in the running gateway, with the real test BankID IdP: a citizen uses an e-service (a contract
 * call on their behalf), then logs in to the page and sees exactly their own records, downloads them, and logs
 * out; another citizen sees none of them. No personnummer in any URL or cookie the browser saw.
 */

const tolvan = '191212121212';
const marta = '198112189876';
const eServiceOrigin = 'http://127.0.0.1:65011';
const redirectUri = `${eServiceOrigin}/callback`;

let idp: TestIdp;
let gateway: RunningGateway;
let gatewayUrl: string;
let dir: string;
const logs = captureLogs('debug');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-citizen-'));
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({ clients: [gatewayAtIdp(gatewayUrl)] });
  const config = gatewayConfig(
    {
      port,
      dir,
      providers: [{ id: 'bankid', name: 'BankID', issuer: idp.issuer }],
      eServices: [{ id: 'bygglov', clientId: 'bygglov-client', redirectUri, providers: ['bankid'] }],
    },
    identityEnv(),
  );
  const system = memoryCaseSystem();
  gateway = await startGateway(config, {
    logger: logs.logger,
    contracts: {
      adapters: (businessSystem) =>
        businessSystem === 'arende' ? { adapter: system.adapter, timeoutMs: 5_000 } : undefined,
    },
  });
});

afterAll(async () => {
  await gateway?.close('test over');
  await idp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const atIdp = (url: URL) => url.origin === new URL(idp.url).origin;

/** Follows from `url` through the gateway and, when it asks, the IdP's login page (as test person `person`). */
async function through(browser: Browser, url: string, person: number, stop?: (next: URL) => boolean) {
  let step = await browser.follow(url, stop ? { stop } : {});
  if (step.stopped === undefined && atIdp(step.at)) {
    const html = step.body;
    step = await browser.follow(new URL(formAction(html), step.at), {
      form: {
        person: radioValues(html, 'person')[person] ?? '',
        outcome: 'success',
        acr: selectedOption(html) ?? '',
      },
      ...(stop ? { stop } : {}),
    });
  }
  return step;
}

/** The e-service's part: logs the citizen in and lists their cases through the gateway's API. */
async function useEService(browser: Browser, person: number): Promise<void> {
  const config = await eServiceClient(`${gatewayUrl}/oidc`, 'bygglov-client');
  const started = await authorizationRequest(config, redirectUri);
  const step = await through(browser, started.url.href, person, (next) => next.origin === eServiceOrigin);
  if (step.stopped === undefined) throw new Error(`no return to the e-service: ${step.at.href}`);
  const tokens = await oidc.authorizationCodeGrant(config, step.stopped, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  const response = await fetch(`${gatewayUrl}/api/case-management/cases`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(response.status).toBe(200);
}

/** The citizen's own stored audit records, by operation, through the extract the officials use. */
async function operationsOf(personnummer: string): Promise<string[]> {
  await gateway.audit.flush();
  const entries = await gateway.audit.extract(personnummer);
  return entries.flatMap((entry) => (entry.status === 'live' ? [entry.operation] : []));
}

function expectNoNumberIn(text: string): void {
  for (const number of [tolvan, marta]) {
    expect(text).not.toContain(number);
    expect(text).not.toContain(number.slice(2));
    expect(text).not.toContain(`${number.slice(2, 8)}-${number.slice(8)}`);
  }
}

describe('the citizen page at the gateway', () => {
  const tolvanBrowser = new Browser();

  it('shows nothing but the way in before login', async () => {
    const { response, body } = await new Browser().request(`${gatewayUrl}${citizenPaths.page}`);
    expect(response.status).toBe(200);
    expect(body).toContain('Logga in med e-legitimation');
    expect(body).not.toContain('<table');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('after an e-service used their data, the citizen logs in and sees exactly their own records', async () => {
    await useEService(tolvanBrowser, 0);
    const step = await through(tolvanBrowser, `${gatewayUrl}${citizenPaths.login}?lang=sv`, 0);
    expect(step.at.href).toBe(`${gatewayUrl}${citizenPaths.page}?lang=sv`);
    expect(step.response.status).toBe(200);
    const page = step.body;
    expect(page).toContain('<h1>Mina uppgifter</h1>');
    expect(page).toContain('<td>Läste listan över dina ärenden</td>');
    expect(page).toContain('<td>Tjänst bygglov</td>');
    expect(page).toContain('<td>Handlägga.</td>');
    expect(page).toContain('<td>Ärenden</td>');
    expect(page).toContain('<td>Du loggade in</td>');
    expect(step.response.headers.get('cache-control')).toBe('no-store');

    // The view was recorded, after the records it showed were read.
    const operations = await operationsOf(tolvan);
    expect(operations).toEqual(expect.arrayContaining(['login', 'listMyCases', 'audit.view-own-records']));

    const english = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.page}?lang=en`);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<td>Read the list of your cases</td>');
    expect(english.body).toContain('<td>You looked at your records here</td>');
    const negotiated = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.page}`, {
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(negotiated.body).toContain('<h1>Who used my data</h1>');
  });

  it('another citizen sees none of them', async () => {
    const browser = new Browser();
    const step = await through(browser, `${gatewayUrl}${citizenPaths.login}`, 1);
    expect(step.body).toContain('<h1>Mina uppgifter</h1>');
    expect(step.body).toContain('<td>Du loggade in</td>');
    expect(step.body).not.toContain('Läste listan över dina ärenden');
    expect(await operationsOf(marta)).not.toContain('listMyCases');
    expectNoNumberIn([...browser.urls, ...browser.setCookies].join('\n'));
  });

  it('downloads the records as CSV and JSON with the session, and records each download', async () => {
    const csv = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.csv}?lang=en`);
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.response.headers.get('content-disposition')).toBe('attachment; filename="mina-uppgifter.csv"');
    expect(csv.body.split('\r\n')[0]).toContain('sequence,date,time (Swedish time)');
    expect(csv.body).toContain('listMyCases');
    expect(csv.body).toContain('Service bygglov');

    const json = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.json}`);
    expect(json.response.status).toBe(200);
    const body = JSON.parse(json.body) as {
      count: number;
      records: { operation: string; eServiceName: unknown }[];
    };
    expect(body.count).toBe(body.records.length);
    expect(body.records.map((record) => record.operation)).toContain('listMyCases');
    // The JSON holds the CSV download's record (written before it was read), and its own is written after.
    const downloads = (operations: string[]) =>
      operations.filter((operation) => operation === 'audit.download-own-records').length;
    expect(downloads(body.records.map((record) => record.operation))).toBe(1);
    expect(downloads(await operationsOf(tolvan))).toBe(2);

    // Without the session: back to the page's way in, nothing handed out.
    const anonymous = await new Browser().request(`${gatewayUrl}${citizenPaths.json}`);
    expect(anonymous.response.status).toBe(303);
    expect(anonymous.body).toBe('');
  });

  it('filters by period, rejecting a period that is not two dates in order', async () => {
    const none = await tolvanBrowser.request(
      `${gatewayUrl}${citizenPaths.page}?from=2000-01-01&to=2000-12-31`,
    );
    expect(none.body).toContain('Inga uppgifter under den valda perioden.');
    const wrong = await tolvanBrowser.request(
      `${gatewayUrl}${citizenPaths.page}?from=2026-12-31&to=2026-01-01`,
    );
    expect(wrong.body).toContain('Perioden kunde inte användas.');
    expect(wrong.body).toContain('<td>Läste listan över dina ärenden</td>');
  });

  it('never put a personnummer in a URL, a cookie or the page', () => {
    const gatewayOnly = tolvanBrowser.urls.filter((url) => url.startsWith(gatewayUrl));
    expectNoNumberIn([...gatewayOnly, ...tolvanBrowser.setCookies].join('\n'));
    const pages = tolvanBrowser.bodies.filter(
      (body) => body.includes('Mina uppgifter') || body.includes('sequence'),
    );
    expect(pages.length).toBeGreaterThan(2);
    expectNoNumberIn(pages.join('\n'));
    expectNoNumberIn(logs.text());
  });

  it('refuses a logout posted from another site, and logging out from the page ends the session', async () => {
    const forged = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.logout}`, {
      form: {},
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.response.status).toBe(403);
    expect((await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.page}`)).body).toContain('<table');

    const confirm = await tolvanBrowser.follow(`${gatewayUrl}${citizenPaths.logout}`, { form: {} });
    expect(confirm.body).toContain('Vill du logga ut?');
    expect(confirm.body).toContain('Mina uppgifter vill logga ut dig.');
    const idpConfirm = await tolvanBrowser.follow(new URL(formAction(confirm.body), confirm.at), {
      form: { xsrf: hiddenValue(confirm.body, 'xsrf') ?? '', logout: 'yes' },
    });
    // On to the IdP's own logout, which asks too, and back to the page.
    expect(atIdp(idpConfirm.at)).toBe(true);
    const back = await tolvanBrowser.follow(new URL(formAction(idpConfirm.body), idpConfirm.at), {
      form: { xsrf: hiddenValue(idpConfirm.body, 'xsrf') ?? '', logout: 'yes' },
    });
    expect(back.at.pathname).toBe(citizenPaths.loggedOut);
    expect(back.body).toContain('<h1>Du är utloggad</h1>');
    const after = await tolvanBrowser.request(`${gatewayUrl}${citizenPaths.page}`);
    expect(after.body).toContain('Logga in med e-legitimation');
    expect(after.body).not.toContain('<table');
  });
});
