import { createHash, randomUUID } from 'node:crypto';
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
 * The submission id of a keyed submission, the same in every process and version: a retry after a restart (the
 * mail server took the message, nobody recorded it) sends the same Message-ID and Referens, so the mailbox can
 * recognise the duplicate. From the e-service, its key and the content's fingerprint, so a key reused for other
 * content never names a new message like an old one. Shaped as a UUID (version 8: derived, not random), as the
 * random ids of unkeyed submissions are.
 */
function keyedSubmissionId(eServiceId: string, idempotencyKey: string, fingerprint: string): string {
  const hex = createHash('sha256')
    .update(`${eServiceId}\u0000${idempotencyKey}\u0000${fingerprint}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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

  async function deliver(
    submission: Submission,
    to: string,
    context: AdapterContext,
    submissionId: string,
    signal: AbortSignal,
  ): Promise<Receipt> {
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
        signal,
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
        if (key === undefined) {
          return { body: await deliver(body, to, context, newSubmissionId(), context.signal) };
        }
        const fingerprint = fingerprintOf(body);
        const submissionId = keyedSubmissionId(context.eServiceId, key, fingerprint);
        try {
          // Per e-service: two e-services may happen to choose the same key. The send runs on the deduplicator's
          // signal, so this caller going away does not fail it for a retry that joined it.
          const receipt = await sent.run(
            `${context.eServiceId}\u0000${key}`,
            fingerprint,
            (signal) => deliver(body, to, context, submissionId, signal),
            context.signal,
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
      let onAbort: (() => void) | undefined;
      try {
        await Promise.race([
          transport.verify(),
          new Promise<never>((_, reject) => {
            onAbort = () => reject(signal.reason);
            signal.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
      } catch (error) {
        if (signal.aborted) throw error;
        throw translateSendError(error);
      } finally {
        // A long-lived signal (a readiness loop's) must not collect one listener per check.
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      transport.close();
    },
  };
}
