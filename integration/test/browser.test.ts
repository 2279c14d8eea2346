import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  baseEnv,
  chromiumRequirement,
  describeWith,
  expectNoAxeViolations,
  freePort,
  gatewayConfig,
  gatewaySecrets,
  launchChromium,
  makeTempDir,
  ProcessGroup,
  type RunningGatewayProcess,
  startGatewayProcess,
  type TempDir,
} from '../src/index.ts';

describeWith(chromiumRequirement, "the gateway's own pages in a real browser", () => {
  const group = new ProcessGroup();
  let dir: TempDir;
  let businessSystem: Server;
  let gateway: RunningGatewayProcess;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = makeTempDir('brygga-browser');
    // One linked system that answers and one that does not, so both status styles are on the page.
    businessSystem = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => businessSystem.listen(0, '127.0.0.1', resolve));
    const address = businessSystem.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const [port, closedPort] = [await freePort(), await freePort()];
    const configFile = dir.write(
      'brygga.config.yaml',
      gatewayConfig({
        port,
        storage: { driver: 'sqlite', path: 'brygga.db' },
        businessSystems: [
          { id: 'arende', name: 'Ärendehantering & arkiv', baseUrl: `http://127.0.0.1:${address.port}` },
          { id: 'ekonomi', name: 'Ekonomisystem', baseUrl: `http://127.0.0.1:${closedPort}` },
        ],
      }),
    );
    gateway = await startGatewayProcess(group, {
      configFile,
      port,
      cwd: dir.path,
      env: { ...baseEnv(), ...gatewaySecrets },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await group.stopAll();
    await new Promise((resolve) => businessSystem?.close(resolve));
    dir?.remove();
  });

  async function openLanding() {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const response = await page.goto(`${gateway.url}/`);
    expect(response?.status()).toBe(200);
    return { context, page };
  }

  it('has no WCAG 2.1 A/AA violations that axe can find', async () => {
    const { context, page } = await openLanding();
    try {
      // The page really shows the table, both states and the stylesheet (a bare page would pass too easily).
      expect(await page.locator('.status-up').count()).toBe(1);
      expect(await page.locator('.status-down').count()).toBe(1);
      expect(await page.locator('td', { hasText: 'Ärendehantering & arkiv' }).count()).toBe(1);
      expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');

      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it.each([
    '/problems',
    '/problems/payload-too-large',
    '/reference',
    '/reference/case-management',
    '/processing-record.html',
  ])('%s has no WCAG 2.1 A/AA violations that axe can find', async (path) => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const response = await page.goto(`${gateway.url}${path}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').count()).toBe(1);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it('shows keyboard focus on the first link', async () => {
    const { context, page } = await openLanding();
    try {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        const firstLink = document.querySelector('a');
        if (!(element instanceof HTMLElement)) return undefined;
        const style = getComputedStyle(element);
        return {
          isFirstLink: element === firstLink,
          focusVisible: element.matches(':focus-visible'),
          outlineStyle: style.outlineStyle,
          outlineWidth: Number.parseFloat(style.outlineWidth),
        };
      });
      expect(focused).toEqual({
        isFirstLink: true,
        focusVisible: true,
        outlineStyle: 'solid',
        outlineWidth: expect.any(Number),
      });
      expect(focused?.outlineWidth).toBeGreaterThanOrEqual(2);
    } finally {
      await context.close();
    }
  });
});
