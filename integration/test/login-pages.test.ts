// The gateway's own login pages in a real browser (issue 4, "Pages"): the provider choice (two identity
// providers configured), the login error page (a callback whose state does not match), the logout confirmation
// and the logged-out page. axe (WCAG 2.0/2.1 A and AA) finds nothing on any of them, and the primary action of
// each page that has one is reached by keyboard with a visible focus indicator.
import { createHash, randomBytes } from 'node:crypto';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { type RunningGateway, startGateway } from '@brygga/gateway/runtime';
import { startTestIdp, type TestIdp } from '@brygga/test-idp';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  chromiumRequirement,
  describeWith,
  expectKeyboardFocusVisible as expectFocusVisible,
  expectNoAxeViolations,
  freePort,
  gatewayAtTestIdp,
  launchChromium,
  logInAsTolvan,
  loginGatewayConfigText,
  loginGatewayEnv,
  makeTempDir,
  type TempDir,
} from '../src/index.ts';

const clientId = 'bygglov-ansokan';
const eServiceUrl = 'http://127.0.0.1:65022';
const idpSecret = 'gateway-secret-at-the-test-idp';

/** Tabs from the top of the page until `target` has the focus (at most 10 presses), visibly. */
function expectKeyboardFocusVisible(page: Page, target: Locator, what: string): Promise<void> {
  return expectFocusVisible(page, target, what, { presses: 10 });
}

describeWith(chromiumRequirement, "the gateway's login pages in a real browser", () => {
  let dir: TempDir;
  const idps: TestIdp[] = [];
  let gateway: RunningGateway;
  let gatewayUrl: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = makeTempDir('brygga-login-pages');
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    for (let i = 0; i < 2; i += 1) {
      idps.push(await startTestIdp({ clients: [gatewayAtTestIdp(gatewayUrl, idpSecret)] }));
    }
    const [first, second] = idps;
    if (first === undefined || second === undefined) throw new Error('no identity providers');
    const configFile = dir.write(
      'brygga.config.yaml',
      loginGatewayConfigText({
        gatewayPort,
        dir: dir.path,
        providers: [
          { id: 'bankid', name: 'BankID', issuer: first.issuer, oidcSweden: true },
          { id: 'freja', name: 'Freja eID', issuer: second.issuer, oidcSweden: true },
        ],
        eService: { url: eServiceUrl, postLogout: true },
      }),
    );
    const env = loginGatewayEnv({ idp: idpSecret, eService: randomBytes(32).toString('base64url') });
    gateway = await startGateway(await loadConfig(configFile, { env }), {
      logger: createLogger({ level: 'warn', destination: { write: () => {} } }),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close('test over');
    for (const idp of idps) await idp.close();
    dir?.remove();
  });

  /** What an e-service sends the browser to: the gateway's authorization endpoint, code flow with PKCE. */
  function authorizationUrl(): string {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL('/oidc/auth', gatewayUrl);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: `${eServiceUrl}/callback`,
      scope: 'openid',
      state: randomBytes(16).toString('base64url'),
      nonce: randomBytes(16).toString('base64url'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return url.href;
  }

  it('the provider choice and the login error page: no axe violations, primary actions visibly focused', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(authorizationUrl());
      await page.waitForURL(`${gatewayUrl}/login/**`);
      expect(await page.locator('html').getAttribute('lang')).toBe('sv');
      const bankid = page.getByRole('button', { name: 'BankID' });
      await expect(page.getByRole('button', { name: 'Freja eID' }).count()).resolves.toBe(1);
      await expectNoAxeViolations(page, 'provider choice');
      await expectKeyboardFocusVisible(page, bankid, 'provider choice');

      // Choose BankID by keyboard; the gateway sends the browser on to that provider…
      await page.keyboard.press('Enter');
      const [first] = idps;
      await page.waitForURL(`${first?.url}/**`);
      // …and a callback whose state is not the one the gateway sent fails the login, on a page that says so.
      const response = await page.goto(
        `${gatewayUrl}/auth/callback?code=forged&state=not-the-state&iss=${encodeURIComponent(first?.issuer ?? '')}`,
      );
      expect(response?.status()).toBeGreaterThanOrEqual(400);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/Inloggningen/);
      await expectNoAxeViolations(page, 'login error');
      await expectKeyboardFocusVisible(page, page.locator('a.button'), 'login error: try again');
      await expectKeyboardFocusVisible(
        page,
        page.getByRole('button', { name: /Tillbaka till e-tjänsten/ }),
        'login error: back to the e-service',
      );
    } finally {
      await context.close();
    }
  });

  it('the logout confirmation and the logged-out page: no axe violations, log out visibly focused', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      // Logged in first (the confirmation is only asked of a browser with a session): through the choice
      // to the test BankID as Tolvan, and back to the e-service, which is a stand-in page here.
      await page.route(`${eServiceUrl}/**`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="sv"><title>E-tjänst</title><h1>E-tjänst</h1></html>',
        }),
      );
      await page.goto(authorizationUrl());
      await page.getByRole('button', { name: 'BankID' }).click();
      await logInAsTolvan(page);
      await page.waitForURL(`${eServiceUrl}/callback**`);
      await page.goto(`${gatewayUrl}/oidc/session/end`);
      const logOut = page.getByRole('button', { name: /^Logga ut/ });
      await expect(logOut.count()).resolves.toBe(1);
      await expectNoAxeViolations(page, 'logout confirmation');
      await expectKeyboardFocusVisible(page, logOut, 'logout confirmation');

      await page.keyboard.press('Enter');
      // The gateway logs out at the identity provider too, which asks the citizen itself, then sends the
      // browser back to the gateway's logged-out page (the e-service named no page of its own).
      const [first] = idps;
      await page.waitForURL(`${first?.url}/**`);
      await page.getByRole('button', { name: /^Logga ut/ }).click();
      await page.waitForURL(`${gatewayUrl}/**`);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/Du är utloggad/);
      await expectNoAxeViolations(page, 'logged out');
    } finally {
      await context.close();
    }
  });
});
