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
    const result = await submit(adapter(server.url, { newSubmissionId: () => 'sub-0001' }), submission, {
      idempotencyKey: 'key-1',
    });

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
    expect(parsed?.headers.get('x-brygga-idempotency-key')).toBe('key-1');
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
