// The example mailbox's pages (issue 6, part 4) in a real browser: the inbox empty and with a message, and the
// message itself, each with zero axe violations (WCAG 2.1 A and AA), in Swedish with English beside it.
import { createEmailAdapter } from '@brygga/adapter-email';
import { type RunningMailbox, silentLog, startMailbox } from '@brygga/example-mailbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumRequirement, describeWith, expectNoAxeViolations, launchChromium } from '../src/index.ts';

describeWith(chromiumRequirement, 'the example mailbox in a real browser', () => {
  let mailbox: RunningMailbox;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, webPort: 0, log: silentLog });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await mailbox?.close();
  });

  it('shows an empty inbox that says so', async () => {
    await page.goto(`${mailbox.webUrl}/`);
    await expect(page.title()).resolves.toBe('Inkorg – Exempelbrevlådan');
    expect(await page.locator('main').textContent()).toContain('Inga meddelanden än.');
    await expectNoAxeViolations(page, 'empty inbox');
  });

  it('lists a delivered form and shows it, both accessible', async () => {
    const adapter = createEmailAdapter({
      url: mailbox.smtpUrl,
      from: 'noreply@exempel.stad.se',
      mailboxName: 'Kontaktcenter',
      mailboxOf: () => 'kontaktcenter@exempel.stad.se',
    });
    try {
      await adapter.handlers.submitForm(
        {
          params: {},
          query: {},
          body: {
            form: 'kontakt',
            language: 'en',
            subject: 'Question about <waste> collection',
            fields: [
              { label: 'Name', value: 'Tolvan Tolvansson' },
              { label: 'Your question', value: 'When is waste collected\nduring Christmas week?' },
            ],
            replyTo: 'tolvan.tolvansson@example.se',
          },
        },
        {
          requestId: 'mailbox-test',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          signal: AbortSignal.timeout(10_000),
          eServiceId: 'kontakt',
          purposeId: 'besvara-fragor',
          idempotencyKey: 'mailbox-test-1',
        },
      );
    } finally {
      await adapter.close();
    }

    await page.goto(`${mailbox.webUrl}/`);
    const link = page.getByRole('link', { name: 'Question about <waste> collection' });
    await expect(link.count()).resolves.toBe(1);
    await expectNoAxeViolations(page, 'inbox with a message');

    await link.click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Question about <waste> collection',
    );
    const main = await page.locator('main').textContent();
    expect(main).toContain('When is waste collected\nduring Christmas week?');
    expect(main).toContain('mailbox-test-1');
    await expectNoAxeViolations(page, 'one message');

    const missing = await page.goto(`${mailbox.webUrl}/meddelanden/424242`);
    expect(missing?.status()).toBe(404);
    await expectNoAxeViolations(page, 'a message that is not there');
  });
});
