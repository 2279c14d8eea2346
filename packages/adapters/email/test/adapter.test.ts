import { createHash } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:net';
import { runConformance } from '@brygga/adapter-kit';
import { type AdapterContext, OperationError, type RequestValue } from '@brygga/contract';
import { formSubmission, headExamples } from '@brygga/contract-form-submission';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createEmailAdapter,
  type EmailAdapter,
  type EmailAdapterOptions,
  MailDeliveryError,
} from '../src/index.ts';
import { type PeerOptions, type SmtpPeer, startSmtpPeer } from './smtp-peer.ts';

const example = headExamples.submitForm.request.body;
if (example === undefined) throw new Error('the example has no body');
const submission = { ...example, fields: [...example.fields] };

function context(overrides: Partial<AdapterContext> = {}): AdapterContext {
  return {
    requestId: 'test-request',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    signal: AbortSignal.timeout(10_000),
    eServiceId: 'kontakt',
    purposeId: 'besvara-fragor',
    ...overrides,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function peer(options: PeerOptions = {}): Promise<SmtpPeer> {
  const started = await startSmtpPeer(options);
  cleanups.push(() => started.close());
  return started;
}

function adapter(url: string, options: Partial<EmailAdapterOptions> = {}): EmailAdapter {
  const created = createEmailAdapter({
    url,
    from: 'noreply@exempel.stad.se',
    fromName: 'Exempelstadens e-tjänster',
    mailboxName: 'Kontaktcenter',
    mailboxOf: (form) => ({ kontakt: 'kontakt@exempel.stad.se' })[form],
    timeouts: { connectMs: 2_000, requestMs: 5_000 },
    ...options,
  });
  cleanups.push(() => created.close());
  return created;
}

function submit(target: EmailAdapter, body: unknown, overrides: Partial<AdapterContext> = {}) {
  const request: RequestValue = { params: {}, query: {}, body };
  return target.handlers.submitForm(request, context(overrides));
}

/** The documented derivation, pinned here: another version of the adapter must name a retried send the same. */
function derivedId(eServiceId: string, key: string, body: unknown): string {
  const fingerprint = createHash('sha256').update(canonical(body)).digest('base64url');
  const hex = createHash('sha256').update(`${eServiceId}\u0000${key}\u0000${fingerprint}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('the e-mail adapter against a real SMTP server', () => {
  it('delivers a submission to the form’s mailbox, with subject, text, reply address and Brygga’s headers', async () => {
    const server = await peer();
    const result = await submit(adapter(server.url, { newSubmissionId: () => 'sub-0001' }), submission);

    expect(result.body).toMatchObject({ submissionId: 'sub-0001', mailbox: { name: 'Kontaktcenter' } });
    expect(
      formSubmission.head.operations.get('submitForm')?.response.body.safeParse(result.body).success,
    ).toBe(true);
    const [mail] = await server.waitFor(1);
    expect(mail?.envelope).toEqual({ from: 'noreply@exempel.stad.se', to: ['kontakt@exempel.stad.se'] });
    const parsed = mail?.parsed;
    expect(parsed?.subject).toBe('Fråga om sophämtning');
    expect(parsed?.from?.value).toEqual([
      { name: 'Exempelstadens e-tjänster', address: 'noreply@exempel.stad.se' },
    ]);
    expect(parsed?.replyTo?.text).toBe('tolvan.tolvansson@example.se');
    expect(parsed?.messageId).toBe('<sub-0001@exempel.stad.se>');
    expect(parsed?.headers.get('x-brygga-idempotency-key')).toBeUndefined();
    expect(parsed?.headers.get('x-brygga-form')).toBe('kontakt');
    expect(parsed?.headers.get('x-brygga-e-service')).toBe('kontakt');
    expect(parsed?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed?.text).toContain('Referens: sub-0001');
    expect(parsed?.text).toContain('Ditt ärende\nNär hämtas soporna på Kåbovägen under julveckan?');
    expect(parsed?.text).toContain('Namn\nTolvan Tolvansson');
    expect(parsed?.html).toContain('<dt>Ditt ärende</dt>');
  });

  it('escapes what people write in the HTML part, and keeps it as written in the text part', async () => {
    const server = await peer();
    const value = '<script>alert("x")</script> & <b>fet</b>';
    await submit(adapter(server.url), {
      ...submission,
      fields: [{ label: 'Fråga <i>', value }],
    });
    const [mail] = await server.waitFor(1);
    expect(mail?.parsed.html).not.toContain('<script>');
    expect(mail?.parsed.html).not.toContain('<b>fet');
    expect(mail?.parsed.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;',
    );
    expect(mail?.parsed.html).toContain('<dt>Fråga &lt;i&gt;</dt>');
    expect(mail?.parsed.text).toContain(value);
  });

  it('sends no reply address when the person gave none, and says so', async () => {
    const server = await peer();
    const { replyTo: _, ...anonymous } = submission;
    await submit(adapter(server.url), anonymous);
    const [mail] = await server.waitFor(1);
    expect(mail?.parsed.replyTo).toBeUndefined();
    expect(mail?.parsed.text).toContain('personen lämnade ingen e-postadress');
  });

  it('sends one e-mail per Idempotency-Key and e-service, and the same receipt to a retry', async () => {
    const server = await peer();
    const target = adapter(server.url);
    const first = await submit(target, submission, { idempotencyKey: 'same' });
    const again = await submit(target, submission, { idempotencyKey: 'same' });
    // Two retries at once while nothing is sent yet: still one e-mail.
    const [third, fourth] = await Promise.all([
      submit(target, submission, { idempotencyKey: 'other' }),
      submit(target, submission, { idempotencyKey: 'other' }),
    ]);
    const elsewhere = await submit(target, submission, {
      idempotencyKey: 'same',
      eServiceId: 'annan-tjanst',
    });
    expect(again.body).toEqual(first.body);
    expect(fourth.body).toEqual(third.body);
    expect(elsewhere.body).not.toEqual(first.body);
    await server.waitFor(3);
    expect(server.received).toHaveLength(3);
  });

  it('names a keyed submission after its e-service, key and content, so a send after a restart has the same Message-ID', async () => {
    const server = await peer();
    // Two instances, as before and after a crash between the mail server's acceptance and the outbox's record.
    const before = await submit(adapter(server.url), submission, { idempotencyKey: 'after-crash' });
    const after = await submit(adapter(server.url, { newSubmissionId: () => 'random' }), submission, {
      idempotencyKey: 'after-crash',
    });
    const [first, second] = await server.waitFor(2);
    const submissionId = derivedId('kontakt', 'after-crash', submission);
    expect([before.body, after.body].map((body) => (body as { submissionId: string }).submissionId)).toEqual([
      submissionId,
      submissionId,
    ]);
    expect([first?.parsed.messageId, second?.parsed.messageId]).toEqual([
      `<${submissionId}@exempel.stad.se>`,
      `<${submissionId}@exempel.stad.se>`,
    ]);
    expect(second?.parsed.text).toContain(`Referens: ${submissionId}`);

    // Another e-service, or the key reused for other content: another message, never mistaken for the first.
    const elsewhere = await submit(adapter(server.url), submission, {
      idempotencyKey: 'after-crash',
      eServiceId: 'annan-tjanst',
    });
    const otherContent = await submit(
      adapter(server.url),
      { ...submission, subject: 'Något annat' },
      {
        idempotencyKey: 'after-crash',
      },
    );
    const ids = [elsewhere, otherContent].map(
      (result) => (result.body as { submissionId: string }).submissionId,
    );
    expect(new Set([submissionId, ...ids]).size).toBe(3);

    // Without a key nothing ties two sends together: random ids.
    const [one, two] = await Promise.all([
      submit(adapter(server.url), submission),
      submit(adapter(server.url), submission),
    ]);
    expect((one.body as { submissionId: string }).submissionId).not.toBe(
      (two.body as { submissionId: string }).submissionId,
    );
  });

  it('keeps a shared send going for a retry when the caller that started it goes away', async () => {
    let reached: () => void = () => {};
    const atRecipient = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await peer({
      server: {
        onRcptTo(_address, _session, callback) {
          reached();
          released.then(() => callback());
        },
      },
    });
    const target = adapter(server.url);
    const leaving = new AbortController();
    const first = failureOf(submit(target, submission, { idempotencyKey: 'shared', signal: leaving.signal }));
    await atRecipient;
    // The retry joins the send still on its way; then the first caller leaves.
    const retry = submit(target, submission, { idempotencyKey: 'shared' });
    leaving.abort(new Error('the first caller left'));
    release();
    const receipt = await retry;
    expect(receipt.body).toMatchObject({ submissionId: derivedId('kontakt', 'shared', submission) });
    // The caller that left is told so by its own signal's reason.
    expect(await first).toMatchObject({ message: 'the first caller left' });
    await server.waitFor(1);
    expect(server.received).toHaveLength(1);
  });

  it('stops a send that every caller left, and sends it for the next retry', async () => {
    let reached: () => void = () => {};
    const atRecipient = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let calls = 0;
    const server = await peer({
      server: {
        onRcptTo(_address, _session, callback) {
          calls += 1;
          // The first attempt is held until its caller leaves (the connection then closes); later ones pass.
          if (calls === 1) reached();
          else callback();
        },
      },
    });
    const target = adapter(server.url);
    const leaving = new AbortController();
    const first = failureOf(submit(target, submission, { idempotencyKey: 'left', signal: leaving.signal }));
    await atRecipient;
    leaving.abort(new Error('gone'));
    expect(await first).toBeInstanceOf(Error);
    const again = await submit(target, submission, { idempotencyKey: 'left' });
    expect(again.body).toMatchObject({ submissionId: derivedId('kontakt', 'left', submission) });
    await server.waitFor(1);
    expect(server.received).toHaveLength(1);
  });

  it('leaves no listener on the signal passed to ready()', async () => {
    const server = await peer();
    const controller = new AbortController();
    await adapter(server.url).ready(controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('refuses a key reused for another message, without sending it', async () => {
    const server = await peer();
    const target = adapter(server.url);
    await submit(target, submission, { idempotencyKey: 'reused' });
    const error = await failureOf(
      submit(target, { ...submission, subject: 'Något helt annat' }, { idempotencyKey: 'reused' }),
    );
    expect(OperationError.is(error) && error.code).toBe('idempotency_key_reused');
    expect(server.received).toHaveLength(1);
  });

  it('answers unknown_form for a form no mailbox takes, and sends nothing', async () => {
    const server = await peer();
    const error = await failureOf(submit(adapter(server.url), { ...submission, form: 'felanmalan' }));
    expect(OperationError.is(error) && error.code).toBe('unknown_form');
    expect(server.received).toHaveLength(0);
  });

  it('fails, as the mail server’s failure and not a declared error, when the server is down', async () => {
    const server = await peer();
    const url = server.url;
    await server.close();
    const error = await failureOf(submit(adapter(url), submission, { idempotencyKey: 'down' }));
    expect(OperationError.is(error)).toBe(false);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ code: 'mailbox_unreachable' });
    // Nothing the person wrote, and no address, in what may reach a log.
    const text = JSON.stringify({ message: (error as Error).message, ...(error as object) });
    for (const secret of ['Tolvan', 'sophämtning', 'kontakt@exempel.stad.se', 'tolvan.tolvansson']) {
      expect(text).not.toContain(secret);
    }
  });

  it('tries again after a failure with the same key: failures are not remembered', async () => {
    const server = await peer({ refuseData: { responseCode: 451, message: 'Try again later', times: 1 } });
    const target = adapter(server.url);
    const failed = await failureOf(submit(target, submission, { idempotencyKey: 'retry-me' }));
    expect(failed).toMatchObject({ code: 'mailbox_deferred' });
    const result = await submit(target, submission, { idempotencyKey: 'retry-me' });
    expect(result.body).toMatchObject({ mailbox: { name: 'Kontaktcenter' } });
    await server.waitFor(1);
    expect(server.received).toHaveLength(1);
  });

  it('is a failure (to retry) when the server defers the message, and message_refused when it refuses it for good', async () => {
    const deferring = await peer({ refuseData: { responseCode: 451, message: 'Try again later' } });
    const deferred = await failureOf(submit(adapter(deferring.url), submission));
    expect(OperationError.is(deferred)).toBe(false);
    expect(deferred).toMatchObject({
      name: 'MailDeliveryError',
      code: 'mailbox_deferred',
      responseCode: 451,
    });

    const refusing = await peer({ refuseData: { responseCode: 554, message: 'Message rejected as spam' } });
    const refused = await failureOf(submit(adapter(refusing.url), submission));
    expect(OperationError.is(refused) && refused.code).toBe('message_refused');
  });

  it('is a failure when the mailbox address itself is refused (a configuration fault)', async () => {
    const server = await peer({
      server: {
        onRcptTo(_address, _session, callback) {
          callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        },
      },
    });
    const error = await failureOf(submit(adapter(server.url), submission));
    expect(error).toMatchObject({ name: 'MailDeliveryError', code: 'mailbox_refused_envelope' });
  });

  it('times out on a server that never greets', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          silent.close(() => resolve());
          // Node 24: drop the connections the adapter left open.
          (silent as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const error = await failureOf(
      submit(
        adapter(`smtp://127.0.0.1:${address.port}`, { timeouts: { connectMs: 200, requestMs: 200 } }),
        submission,
      ),
    );
    expect(error).toMatchObject({ name: 'MailDeliveryError', code: 'mailbox_timeout' });
  });
});

describe('logging in to the mail server', () => {
  const credentials = { username: 'brygga', password: 'correct horse battery staple' };

  it('logs in with the credentials and delivers', async () => {
    const server = await peer({ credentials });
    const target = adapter(server.url, {
      auth: { user: 'brygga', pass: credentials.password },
      requireTls: false,
    });
    await target.ready(AbortSignal.timeout(5_000));
    await submit(target, submission);
    const [mail] = await server.waitFor(1);
    expect(mail?.user).toBe('brygga');
  });

  it('fails with a wrong password, as the server’s failure, without the password in it', async () => {
    const server = await peer({ credentials });
    const error = await failureOf(
      submit(
        adapter(server.url, { auth: { user: 'brygga', pass: 'wrong-password' }, requireTls: false }),
        submission,
      ),
    );
    expect(error).toMatchObject({ name: 'MailDeliveryError', code: 'mailbox_auth_failed' });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(
      'wrong-password',
    );
    expect(server.received).toHaveLength(0);
  });

  it('sends no password over a connection that cannot be encrypted, unless told to', async () => {
    const server = await peer({ credentials });
    const error = await failureOf(
      submit(adapter(server.url, { auth: { user: 'brygga', pass: credentials.password } }), submission),
    );
    expect(error).toMatchObject({ name: 'MailDeliveryError', code: 'mailbox_tls_failed' });
    expect(server.received).toHaveLength(0);
  });
});

describe('conformance with the form-submission contract', () => {
  it('passes the contract’s head examples against a real SMTP server', async () => {
    const server = await peer();
    const report = await runConformance({
      contract: formSubmission,
      adapter: adapter(server.url),
      context: () => context({ idempotencyKey: 'conformance' }),
      examples: headExamples,
    });
    expect(report).toMatchObject({ ok: true, problems: [] });
    await server.waitFor(1);
  });
});
