import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; never a browser downloaded by a test tool (the network is closed). */
export const chromiumPath = '/usr/bin/chromium';

/** For `describeWith`: the browser tests skip with a notice on a laptop without Chromium, and fail in CI. */
export const chromiumRequirement = {
  name: 'Chromium',
  available: existsSync(chromiumPath),
  howTo: 'Install it with `apt-get install -y chromium` (never a downloaded browser).',
} as const;

/** Headless Chromium with the flags this closed network needs (no background connections, no QUIC). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** axe with the WCAG 2.0 and 2.1 A and AA rules: no violation, and something was actually checked. */
export async function expectNoAxeViolations(page: Page, what?: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
  expect(summary, what).toEqual([]);
  expect(results.passes.length, what).toBeGreaterThan(0);
}
