// The gateway's own login pages in a real browser (issue 4, "Pages"): the provider choice (two identity
// providers configured), the login error page (a callback whose state does not match), the logout confirmation
// and the logged-out page. axe (WCAG 2.0/2.1 A and AA) finds nothing on any of them, and the primary action of
// each page that has one is reached by keyboard with a visible focus indicator.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { type RunningGateway, startGateway } from '@brygga/gateway/runtime';
import { startTestIdp, type TestIdp } from '@brygga/test-idp';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  chromiumRequirement,
  describeWith,
  expectNoAxeViolations,
  freePort,
  gatewaySecrets,
  identityKeysAndAudit,
  launchChromium,
  makeTempDir,
  type TempDir,
} from '../src/index.ts';

const clientId = 'bygglov-ansokan';
const eServiceUrl = 'http://127.0.0.1:65022';
const idpSecret = 'gateway-secret-at-the-test-idp';

function gatewayConfigText(options: {
  readonly gatewayPort: number;
  readonly issuers: readonly [string, string];
  readonly dir: string;
}): string {
  const provider = (id: string, name: string, issuer: string) => ({
    id,
    name,
    kind: 'bankid',
    issuer,
    clientId: 'brygga-gateway',
    clientAuthentication: { method: 'client_secret_basic', clientSecret: { env: 'IDP_SECRET' } },
    acceptedAcr: ['http://id.elegnamnden.se/loa/1.0/loa3'],
    claims: { personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber', source: 'idToken' },
    allowInsecureHttp: true,
  });
  const config = {
    environment: 'development',
    server: { host: '127.0.0.1', port: options.gatewayPort, shutdownGraceMs: 2000 },
    logging: { level: 'info' },
    identityProviders: [
      provider('bankid', 'BankID', options.issuers[0]),
      provider('freja', 'Freja eID', options.issuers[1]),
    ],
    eServices: [
      {
        id: 'bygglov-ansokan',
        name: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
        description: { sv: 'Ansök om bygglov och följ ditt ärende.' },
        owner: 'Stadsbyggnadsnämnden',
        responsible: { name: 'Karin Lindqvist', email: 'karin@exempel.se' },
        vendor: { name: 'Exempel AB', contact: 'support@exempel.se' },
        lifecycle: 'development',
        client: {
          clientId,
          tokenEndpointAuthMethod: 'client_secret_basic',
          clientSecret: { env: 'ESERVICE_SECRET' },
          redirectUris: [`${eServiceUrl}/callback`],
          postLogoutRedirectUris: [`${eServiceUrl}/`],
        },
        identityProviders: ['bankid', 'freja'],
        contracts: [{ contract: 'case-management', version: '2026-12-01' }],
        purposes: ['handlagga-bygglov'],
      },
    ],
    businessSystems: [
      {
        id: 'arende',
        name: 'Ärendehantering',
        owner: 'Stadsbyggnadsförvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: 'http://127.0.0.1:9',
        contracts: ['case-management'],
        credentials: { type: 'apiKey', key: { env: 'BRYGGA_ARENDE_API_KEY' } },
        options: { apiVersion: 'v2' },
      },
    ],
    purposes: [
      {
        id: 'handlagga-bygglov',
        purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
        legalBasis: { article: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
        dataCategories: ['personnummer', 'namn'],
        dataSubjectCategories: ['sökande'],
        retentionClass: 'arende-10ar',
      },
    ],
    retentionClasses: [{ id: 'arende-10ar', duration: 'P10Y', description: 'Gallras efter tio år.' }],
    ...identityKeysAndAudit(options.dir),
  };
  return JSON.stringify(config, null, 2);
}

/**
 * Tabs from the top of the page until `target` has the focus (at most 10 presses), then checks that the
 * browser shows it: `:focus-visible` matches and an outline is drawn.
 */
async function expectKeyboardFocusVisible(page: Page, target: Locator, what: string): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
  });
  let reached = false;
  for (let presses = 0; presses < 10 && !reached; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) reached = true;
    else await page.keyboard.press('Tab');
  }
  if (!reached) reached = await target.evaluate((element) => element === document.activeElement);
  expect(reached, `${what}: reached by Tab`).toBe(true);
  const shown = await target.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      focusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  });
  expect(shown, what).toEqual({ focusVisible: true, outline: true });
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
      idps.push(
        await startTestIdp({
          clients: [
            {
              client_id: 'brygga-gateway',
              client_secret: idpSecret,
              redirect_uris: [`${gatewayUrl}/auth/callback`],
              post_logout_redirect_uris: [`${gatewayUrl}/logout/callback`],
              claimStyle: 'oidc-sweden',
            },
          ],
        }),
      );
    }
    const [first, second] = idps;
    if (first === undefined || second === undefined) throw new Error('no identity providers');
    const configFile = dir.write(
      'brygga.config.yaml',
      gatewayConfigText({ gatewayPort, issuers: [first.issuer, second.issuer], dir: dir.path }),
    );
    const env = {
      ...gatewaySecrets,
      IDP_SECRET: idpSecret,
      ESERVICE_SECRET: randomBytes(32).toString('base64url'),
      IDENTITY_SIGNING: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      IDENTITY_SUBJECTS: randomBytes(32).toString('base64url'),
      IDENTITY_SESSIONS: randomBytes(32).toString('base64url'),
    };
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
      await page.getByLabel(/Tolvan Tolvansson/).check();
      await page.getByRole('button', { name: /^Fortsätt/ }).click();
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
