// "Mina uppgifter / Who used my data" (issue 5, part 4) in a real browser: a full login through the gateway and
// the test BankID IdP, the citizen's records in a table, axe (WCAG 2.0/2.1 A and AA) finding nothing in Swedish
// or English, and the skip link, the table and every link and button reached by keyboard with a visible focus.
import { randomBytes } from 'node:crypto';
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

const tolvan = '191212121212';
const idpSecret = 'gateway-secret-at-the-test-idp';

/** Tabs from the top of the page (scrolled up: the table is long) until `target` has the focus, visibly. */
function expectKeyboardFocusVisible(page: Page, target: Locator, what: string): Promise<void> {
  return expectFocusVisible(page, target, what, { presses: 30, scrollToTop: true });
}

describeWith(chromiumRequirement, 'the citizen page "Mina uppgifter" in a real browser', () => {
  let dir: TempDir;
  let idp: TestIdp;
  let gateway: RunningGateway;
  let gatewayUrl: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = makeTempDir('brygga-citizen-page');
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    idp = await startTestIdp({ clients: [gatewayAtTestIdp(gatewayUrl, idpSecret)] });
    const configFile = dir.write(
      'brygga.config.yaml',
      loginGatewayConfigText({
        gatewayPort,
        dir: dir.path,
        providers: [{ id: 'bankid', name: 'BankID', issuer: idp.issuer }],
        eService: { url: 'http://127.0.0.1:65023', postLogout: false },
      }),
    );
    const env = loginGatewayEnv({ idp: idpSecret, eService: randomBytes(32).toString('base64url') });
    gateway = await startGateway(await loadConfig(configFile, { env }), {
      logger: createLogger({ level: 'warn', destination: { write: () => {} } }),
    });
    // What an e-service's contract calls for Tolvan leave in the log (the gateway test makes real ones).
    for (const [operation, outcome] of [
      ['createCase', { status: 'success' }],
      ['getCase', { status: 'failure', problem: 'upstream_unavailable' }],
    ] as const) {
      await gateway.audit.append({
        actor: { kind: 'citizen' },
        subject: { personnummer: tolvan },
        eService: 'bygglov-ansokan',
        businessSystem: 'arende',
        contract: { name: 'case-management', version: '2026-12-01' },
        operation,
        purpose: 'handlagga-bygglov',
        outcome,
      });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close('test over');
    await idp?.close();
    dir?.remove();
  });

  it('logs in through the test BankID, shows the records, passes axe in Swedish and English, works by keyboard', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${gatewayUrl}/mina-uppgifter`);
      const logIn = page.getByRole('link', { name: 'Logga in med e-legitimation' });
      await expectNoAxeViolations(page, 'before login');
      await expectKeyboardFocusVisible(page, logIn, 'before login: log in');

      await page.keyboard.press('Enter');
      await page.waitForURL(`${idp.url}/**`);
      await logInAsTolvan(page);
      await page.waitForURL(`${gatewayUrl}/mina-uppgifter?lang=sv`);
      expect(page.url()).not.toContain(tolvan.slice(2));

      expect(await page.locator('html').getAttribute('lang')).toBe('sv');
      const table = page.getByRole('table', { name: /Användning av dina personuppgifter/ });
      await expect(table.count()).resolves.toBe(1);
      const rows = table.locator('tbody tr');
      // The two contract calls and the login, newest first.
      await expect(rows.count()).resolves.toBe(3);
      await expect(rows.nth(0).textContent()).resolves.toContain('Du loggade in');
      await expect(rows.nth(1).textContent()).resolves.toMatch(/Läste ditt ärende.*Misslyckades/s);
      await expect(rows.nth(2).textContent()).resolves.toMatch(
        /Ansök om bygglov.*Handlägga bygglov\..*Plan- och bygglagen.*Ärendehantering.*Tog emot din ansökan.*Genomförd/s,
      );
      await expectNoAxeViolations(page, 'records, Swedish');

      const skip = page.locator('a.skip-link');
      await expectKeyboardFocusVisible(page, skip, 'skip link');
      await expectKeyboardFocusVisible(page, page.locator('.table-scroll'), 'the table');
      await expectKeyboardFocusVisible(page, page.getByRole('link', { name: /CSV/ }), 'download CSV');
      await expectKeyboardFocusVisible(page, page.getByRole('button', { name: 'Logga ut' }), 'log out');
      // The skip link moves the focus to the content.
      await expectKeyboardFocusVisible(page, skip, 'skip link again');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');

      await page.getByRole('link', { name: 'In English' }).click();
      await page.waitForURL(`${gatewayUrl}/mina-uppgifter?lang=en`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect(page.getByRole('table', { name: /Uses of your personal data/ }).count()).resolves.toBe(1);
      await expect(page.locator('tbody tr').nth(0).textContent()).resolves.toContain(
        'You looked at your records here',
      );
      await expectNoAxeViolations(page, 'records, English');

      // Logging out from the page ends the login: the gateway's confirmation, the IdP's, and back.
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('button', { name: /^Logga ut/ }).click();
      await page.waitForURL(`${idp.url}/**`);
      await page.getByRole('button', { name: /^Logga ut/ }).click();
      await page.waitForURL(`${gatewayUrl}/mina-uppgifter/utloggad**`);
      await expect(page.locator('h1').textContent()).resolves.toBe('You are logged out');
      await expectNoAxeViolations(page, 'logged out');
      await page.goto(`${gatewayUrl}/mina-uppgifter`);
      await expect(page.getByRole('table').count()).resolves.toBe(0);
      const cookies = JSON.stringify(await context.cookies());
      expect(cookies).not.toContain(tolvan.slice(2));
    } finally {
      await context.close();
    }
  });
});
