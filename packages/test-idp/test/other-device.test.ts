import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loa, scopes, startTestIdp, type TestIdp } from '../src/index.ts';
import { Browser, formAction, radioValues, selectedOption } from './browser.ts';

/** BankID on another device: the QR page, its frames, the simulated collect states, and the end of the login. */

const callback = 'http://127.0.0.1:65002/auth/callback';
const secret = 'qr-client-secret';
let idp: TestIdp;
let origin: string;

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [{ client_id: 'rp', client_secret: secret, redirect_uris: [callback] }],
  });
  origin = new URL(idp.url).origin;
});
afterAll(() => idp?.close());

/** Starts a login and submits the login page with the given fields. */
async function start(fields: Record<string, string>) {
  const config = await oidc.discovery(new URL(idp.issuer), 'rp', undefined, oidc.ClientSecretBasic(secret), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const browser = new Browser();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: `openid ${scopes.naturalPersonNumber}`,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const page = await browser.follow(url, origin);
  const html = await page.response.text();
  expect(html).toContain('name="device" value="other"');
  const action = new URL(formAction(html), page.at);
  const response = await browser.request(action, {
    form: {
      person: radioValues(html, 'person')[0] ?? '',
      outcome: 'success',
      acr: selectedOption(html) ?? '',
      ...fields,
    },
  });
  return { browser, config, verifier, state, nonce, action, response };
}

async function simulate(browser: Browser, qrPage: URL) {
  return browser.request(qrPage, { form: { step: 'next' } });
}

describe('BankID on another device', () => {
  it('shows an animated QR code, walks the collect states with their messages, then logs in', async () => {
    const login = await start({ device: 'other' });
    expect(login.response.status).toBe(303);
    const qrPage = new URL(login.response.headers.get('location') ?? '', login.action);
    expect(qrPage.pathname).toBe(`${login.action.pathname}/qr`);

    const page = await login.browser.request(qrPage);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('Starta BankID-appen.');
    expect(html).toContain('Start your BankID app.');
    expect(html).toContain(`src="${qrPage.pathname}.svg"`);

    const image = await login.browser.request(new URL(`${qrPage.pathname}.svg`, qrPage));
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect(await image.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const script = await fetch(new URL('/test-idp/qr.js', origin));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('setInterval');

    const started = await simulate(login.browser, qrPage);
    expect(started.status).toBe(303);
    const startedHtml = await (await login.browser.request(qrPage)).text();
    expect(startedHtml).toContain('Identifiering eller underskrift pågår.');
    expect(startedHtml).not.toContain('qr.svg');
    await simulate(login.browser, qrPage);
    const userSign = await (await login.browser.request(qrPage)).text();
    expect(userSign).toContain(
      'Skriv in din säkerhetskod i BankID-appen och välj Legitimera eller Skriv under.',
    );
    expect(userSign).toContain('Enter your security code in the BankID app and select Identify or Sign.');

    const complete = await simulate(login.browser, qrPage);
    const done = await login.browser.follow(new URL(complete.headers.get('location') ?? '', qrPage), origin);
    if (!done.left) throw new Error('the login did not return to the client');
    const tokens = await oidc.authorizationCodeGrant(login.config, done.left, {
      pkceCodeVerifier: login.verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    expect(tokens.claims()?.acr).toBe(loa.loa3);
    // The login is over, and its order with it: the page answers "login not found".
    const after = await login.browser.request(qrPage);
    expect(after.status).toBe(400);
    expect(await after.text()).toContain('Inloggningen hittades inte');
  });

  it('fails a userCancel order once the person acts, with BankID’s message, then returns access_denied', async () => {
    const login = await start({ device: 'other', outcome: 'userCancel' });
    const qrPage = new URL(login.response.headers.get('location') ?? '', login.action);
    const failed = await simulate(login.browser, qrPage);
    const html = await failed.text();
    expect(html).toContain('Åtgärden avbruten.');
    const back = await login.browser.follow(new URL(formAction(html), qrPage), origin, {
      form: { outcome: 'userCancel' },
    });
    expect(back.left?.searchParams.get('error')).toBe('access_denied');
  });

  it('shows RFA17B for a QR code that could not be read (startFailed)', async () => {
    const login = await start({ device: 'other', outcome: 'startFailed' });
    const qrPage = new URL(login.response.headers.get('location') ?? '', login.action);
    expect(await (await simulate(login.browser, qrPage)).text()).toContain(
      'Misslyckades att läsa av QR-koden.',
    );
  });

  it.each([
    ['alreadyInProgress', 'En identifiering eller underskrift för det här personnumret är redan påbörjad.'],
    ['maintenance', 'Internt tekniskt fel. Försök igen.'],
  ])('fails %s at once, without a QR code, on either device', async (outcome, message) => {
    for (const device of ['other', 'same']) {
      const login = await start({ device, outcome });
      expect(login.response.status).toBe(200);
      const html = await login.response.text();
      expect(html).toContain(message);
      expect(html).not.toContain('qr.svg');
    }
  });
});
