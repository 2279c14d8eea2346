// The developer portal served by a real gateway process, checked with axe in Chromium: every page, with an
// e-service pinned to a deprecated contract version so the deprecations page has content to check.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  arendeSystemYaml,
  baseEnv,
  bygglovPurposeYaml,
  chromiumRequirement,
  contractsGatewayHeaderYaml,
  describeWith,
  eServiceYaml,
  expectNoAxeViolations,
  freePort,
  gatewaySecrets,
  launchChromium,
  makeTempDir,
  ProcessGroup,
  type RunningGatewayProcess,
  startGatewayProcess,
  storageKeysAuditYaml,
  type TempDir,
  unreachableBankIdSecret,
} from '../src/index.ts';

// case-management 2026-01-15 is deprecated from 2026-10-01 (sunset 2027-04-01); 2026-12-01 has no end date.
const deprecatedVersion = '2026-01-15';
const env = {
  ...gatewaySecrets,
  ...unreachableBankIdSecret,
  OLD_ESERVICE_SECRET: 'old-e-service-secret-0123456789abcdef',
  HEAD_ESERVICE_SECRET: 'head-e-service-secret-0123456789abcdef',
};

function config(port: number, businessPort: number): string {
  const eService = (id: string, sv: string, version: string, secretEnv: string) =>
    eServiceYaml({
      id,
      name: `{ sv: ${sv}, en: Building permit ${version} }`,
      description: '{ sv: Ansök om bygglov., en: Apply for a building permit. }',
      secretEnv,
      contract: 'case-management',
      version,
      purpose: 'handlagga-bygglov',
    });
  return [
    ...contractsGatewayHeaderYaml({ port, logLevel: 'info' }),
    'eServices:',
    ...eService('bygglov-gammal', 'Bygglov (gammal)', deprecatedVersion, 'OLD_ESERVICE_SECRET'),
    ...eService('bygglov-ny', 'Bygglov (ny)', '2026-12-01', 'HEAD_ESERVICE_SECRET'),
    ...arendeSystemYaml({ baseUrl: `http://127.0.0.1:${businessPort}` }),
    ...bygglovPurposeYaml(),
    ...storageKeysAuditYaml({ driver: 'sqlite', path: 'brygga.db' }),
    '',
  ].join('\n');
}

describeWith(chromiumRequirement, 'the developer portal in a real browser', () => {
  const group = new ProcessGroup();
  let dir: TempDir;
  let gateway: RunningGatewayProcess;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = makeTempDir('brygga-portal');
    // The business system need not answer: the portal reads configuration and contracts only.
    const [port, businessPort] = [await freePort(), await freePort()];
    const configFile = dir.write('brygga.config.yaml', config(port, businessPort));
    gateway = await startGatewayProcess(group, {
      configFile,
      port,
      cwd: dir.path,
      env: { ...baseEnv(), ...env },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await group.stopAll();
    dir?.remove();
  });

  it.each([
    ['/portal', 'Utvecklarportalen'],
    ['/portal/e-services', 'Bygglov (gammal)'],
    ['/portal/deprecations', `case-management-${deprecatedVersion}`],
    ['/portal/vendors', '/.well-known/openid-configuration'],
    ['/portal/adapters', '@brygga/adapter-case-management'],
  ])('%s has no WCAG 2.1 A/AA violations that axe can find', async (path, expected) => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const response = await page.goto(`${gateway.url}${path}`);
      expect(response?.status(), `GET ${path} (is portalRoutes wired into runtime/gateway.ts?)`).toBe(200);
      // The real page with its content and the stylesheet, not a bare or error page.
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.content()).toContain(expected);
      expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe(path);
      expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');

      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it('lists the e-service pinned to the deprecated version on the deprecations page', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${gateway.url}/portal/deprecations`);
      const section = page.locator('section', {
        has: page.locator(`#h-case-management-${deprecatedVersion}`),
      });
      expect(await section.getByRole('link', { name: /Bygglov \(gammal\)/ }).count()).toBe(1);
      expect(await section.getByRole('link', { name: /Bygglov \(ny\)/ }).count()).toBe(0);
      // Usage was read from the gateway's store (nothing has called yet), not left out or failed.
      expect(await section.getByText('Inga anrop de senaste 30 dagarna.').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
