import { randomUUID } from 'node:crypto';
import { defineAdapter } from '@brygga/adapter-kit';
import { type Adapter, type AdapterContext, OperationError, type OperationHandler } from '@brygga/contract';
import { formSubmission } from '@brygga/contract-form-submission';
import { createTransport } from 'nodemailer';
import { Deduplicator, fingerprintOf, KeyReusedError } from './dedupe.ts';
import { translateSendError } from './errors.ts';
import { composeMessage, type Submission } from './message.ts';
import { type EmailAdapterOptions, mailServerUrlProblem } from './options.ts';

export interface Receipt {
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly mailbox: { readonly name: string };
}

/** An {@link Adapter} whose handler, readiness check and close are all there, so callers need no checks. */
export interface EmailAdapter extends Adapter {
  readonly handlers: Readonly<Record<'submitForm', OperationHandler>>;
  /** Connects to the mail server and logs in, as a sending would. */
  ready(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

// The gateway checks it too; this adapter may be used without one, and the key goes into a mail header.
const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * The form-submission contract, at its head version, delivered by e-mail over SMTP.
 *
 * @example
 * const adapter = createEmailAdapter({
 *   url: 'smtps://smtp.stad.se:465', from: 'noreply@stad.se', mailboxName: 'Kontaktcenter',
 *   mailboxOf: (form) => (form === 'kontakt' ? 'kontakt@stad.se' : undefined),
 *   auth: { user: 'brygga', pass: process.env.SMTP_PASSWORD },
 * });
 */
export function createEmailAdapter(options: EmailAdapterOptions): EmailAdapter {
  const problem = mailServerUrlProblem(options.url);
  if (problem !== undefined) throw new TypeError(problem);
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const timeouts = options.timeouts ?? { connectMs: 2_000, requestMs: 10_000 };
  // One connection per message: a simple e-service sends few, and a fresh connection never finds a stale one.
  const transport = createTransport({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: !secure && (options.requireTls ?? options.auth !== undefined),
    ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.requestMs,
    ...(options.tls?.ca === undefined ? {} : { tls: { ca: options.tls.ca as string | string[] } }),
    // nodemailer's own log would carry addresses and subjects: off.
    logger: false,
    debug: false,
  });
  const from = options.fromName ? { name: options.fromName, address: options.from } : options.from;
  const fromDomain = options.from.slice(options.from.lastIndexOf('@') + 1);
  const now = options.now ?? (() => new Date());
  const newSubmissionId = options.newSubmissionId ?? randomUUID;
  const sent = new Deduplicator<Receipt>(options.dedupe);

  async function deliver(submission: Submission, to: string, context: AdapterContext): Promise<Receipt> {
    const submissionId = newSubmissionId();
    const message = composeMessage(submission, {
      submissionId,
      eServiceId: context.eServiceId,
      sentAt: now(),
    });
    const key = context.idempotencyKey;
    try {
      await transport.sendMail({
        from,
        to,
        ...(submission.replyTo ? { replyTo: submission.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${submissionId}@${fromDomain}>`,
        headers: {
          'X-Brygga-Form': submission.form,
          'X-Brygga-E-Service': context.eServiceId,
          ...(key !== undefined && idempotencyKeyPattern.test(key)
            ? { 'X-Brygga-Idempotency-Key': key }
            : {}),
          // Sent by a system on a person's behalf: out-of-office replies should not answer it (RFC 3834).
          'Auto-Submitted': 'auto-generated',
        },
        // Nothing in a message is read from a file or a URL, whatever a value says.
        disableFileAccess: true,
        disableUrlAccess: true,
        signal: context.signal,
      });
    } catch (error) {
      throw translateSendError(error);
    }
    return { submissionId, receivedAt: now().toISOString(), mailbox: { name: options.mailboxName } };
  }

  const adapter = defineAdapter({
    contract: formSubmission,
    contractVersion: formSubmission.head.version,
    handlers: {
      async submitForm({ body }, context) {
        const to = options.mailboxOf(body.form);
        if (to === undefined) throw new OperationError('unknown_form');
        const key = context.idempotencyKey;
        if (key === undefined) return { body: await deliver(body, to, context) };
        try {
          // Per e-service: two e-services may happen to choose the same key.
          const receipt = await sent.run(`${context.eServiceId}\u0000${key}`, fingerprintOf(body), () =>
            deliver(body, to, context),
          );
          return { body: receipt };
        } catch (error) {
          if (error instanceof KeyReusedError) throw new OperationError('idempotency_key_reused');
          throw error;
        }
      },
    },
  });
  return {
    ...adapter,
    handlers: adapter.handlers as EmailAdapter['handlers'],
    async ready(signal) {
      signal.throwIfAborted();
      try {
        await Promise.race([
          transport.verify(),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
          ),
        ]);
      } catch (error) {
        if (signal.aborted) throw error;
        throw translateSendError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}
