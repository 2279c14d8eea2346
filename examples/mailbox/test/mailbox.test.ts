import { request } from 'node:http';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageStore, type RunningMailbox, type StoredMessage, startMailbox } from '../src/index.ts';

let mailbox: RunningMailbox;
const logged: [string, Record<string, unknown>][] = [];

beforeAll(async () => {
  mailbox = await startMailbox({
    smtpPort: 0,
    webPort: 0,
    log: (event, fields) => logged.push([event, { ...fields }]),
    maxBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await mailbox?.close();
});
beforeEach(async () => {
  await fetch(`${mailbox.webUrl}/api/messages`, { method: 'DELETE' });
  logged.length = 0;
});

/** GET with a Host header of the test's choosing (fetch does not let one set it). */
function getWithHost(path: string, host: string): Promise<number> {
  const url = new URL(mailbox.webUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      // An empty host sends no Host header at all.
      { host: url.hostname, port: url.port, path, setHost: false, headers: host === '' ? {} : { host } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function send(message: Record<string, unknown>) {
  const url = new URL(mailbox.smtpUrl);
  const transport = createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    ignoreTLS: true,
  });
  return transport.sendMail({ from: 'noreply@exempel.stad.se', to: 'kontakt@exempel.stad.se', ...message });
}

async function messages(): Promise<StoredMessage[]> {
  const response = await fetch(`${mailbox.webUrl}/api/messages`);
  return ((await response.json()) as { messages: StoredMessage[] }).messages;
}

describe('the example mailbox', () => {
  it('keeps what arrives over SMTP and gives it back as JSON, newest first', async () => {
    await send({ subject: 'Första', text: 'Hej!' });
    await send({
      subject: 'Fråga om sophämtning',
      text: 'När hämtas soporna?\nTack!',
      replyTo: 'tolvan@example.se',
      messageId: '<abc-123@exempel.stad.se>',
      headers: { 'X-Brygga-Form': 'kontakt', 'X-Brygga-Idempotency-Key': 'nyckel-1', 'X-Other': 'dropped' },
    });
    const [newest, oldest] = await messages();
    expect(oldest?.subject).toBe('Första');
    expect(newest).toMatchObject({
      envelope: { from: 'noreply@exempel.stad.se', to: ['kontakt@exempel.stad.se'] },
      subject: 'Fråga om sophämtning',
      replyTo: 'tolvan@example.se',
      messageId: '<abc-123@exempel.stad.se>',
      headers: { 'x-brygga-form': 'kontakt', 'x-brygga-idempotency-key': 'nyckel-1' },
    });
    expect(newest?.text.trimEnd()).toBe('När hämtas soporna?\nTack!');
    expect(newest?.headers).not.toHaveProperty('x-other');
  });

  it('lists messages on the inbox page and shows one, escaping what they say', async () => {
    await send({ subject: '<script>alert(1)</script>', text: '<b>inte fet</b>' });
    const [message] = await messages();
    const inbox = await (await fetch(`${mailbox.webUrl}/`)).text();
    expect(inbox).toContain(
      `<a href="/meddelanden/${message?.id}">&lt;script&gt;alert(1)&lt;/script&gt;</a>`,
    );
    expect(inbox).not.toContain('<script>');
    const page = await fetch(`${mailbox.webUrl}/meddelanden/${message?.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = await page.text();
    expect(text).toContain('<pre class="body">&lt;b&gt;inte fet&lt;/b&gt;');
    expect(text).toContain('<html lang="sv">');
  });

  it('answers 404 with a page for a message it does not have', async () => {
    const response = await fetch(`${mailbox.webUrl}/meddelanden/999999`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Sidan finns inte');
  });

  it('refuses a message larger than its limit, and offers no login', async () => {
    await expect(send({ subject: 'Stor', text: 'x'.repeat(100 * 1024) })).rejects.toMatchObject({
      responseCode: 552,
    });
    const url = new URL(mailbox.smtpUrl);
    const transport = createTransport({
      host: url.hostname,
      port: Number(url.port),
      ignoreTLS: true,
      auth: { user: 'someone', pass: 'something' },
      forceAuth: true,
    });
    await expect(transport.verify()).rejects.toBeDefined();
    expect(await messages()).toEqual([]);
  });

  it('stops holding a message once it is over the limit: refused with 552, at most the limit kept meanwhile', async () => {
    // About 1 MiB against a 64 KiB limit: the handler must not gather the rest.
    await expect(send({ subject: 'Mycket stor', text: 'y'.repeat(1024 * 1024) })).rejects.toMatchObject({
      responseCode: 552,
    });
    const refused = logged.find(([event]) => event === 'message_refused');
    expect(refused?.[1]).toMatchObject({ reason: 'too_large' });
    expect(refused?.[1].heldBytes).toBeLessThanOrEqual(64 * 1024);
    expect(await messages()).toEqual([]);
    // The connection is still usable for a message within the limit.
    await send({ subject: 'Liten', text: 'Hej' });
    expect((await messages()).map((message) => message.subject)).toEqual(['Liten']);
  });

  it('answers only to its own loopback names, so a rebound DNS name cannot read the inbox', async () => {
    const { port } = new URL(mailbox.webUrl);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect(await getWithHost('/api/messages', host)).toBe(200);
    }
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1:1',
      `localhost.evil.example:${port}`,
    ]) {
      expect(await getWithHost('/api/messages', host)).toBe(421);
    }
    // No Host at all: refused too (by Node's HTTP server, before the app).
    expect([400, 421]).toContain(await getWithHost('/api/messages', ''));
  });

  it('listens on loopback only', () => {
    expect(new URL(mailbox.smtpUrl).hostname).toBe('127.0.0.1');
    expect(new URL(mailbox.webUrl).hostname).toBe('127.0.0.1');
  });
});

describe('MessageStore', () => {
  it('keeps the newest messages up to its limit', () => {
    const store = new MessageStore(2);
    const message = {
      receivedAt: '2026-12-03T09:30:00.000Z',
      envelope: { from: '', to: [] },
      messageId: undefined,
      from: '',
      to: '',
      replyTo: undefined,
      date: undefined,
      headers: {},
      text: '',
      html: undefined,
      size: 0,
    };
    for (const subject of ['a', 'b', 'c']) store.add({ ...message, subject });
    expect(store.list().map((each) => [each.id, each.subject])).toEqual([
      ['3', 'c'],
      ['2', 'b'],
    ]);
    expect(store.get('1')).toBeUndefined();
  });
});
