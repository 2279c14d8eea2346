import { OperationError } from '@brygga/contract';

export const mailDeliveryErrorCodes = [
  'mailbox_unreachable',
  'mailbox_timeout',
  'mailbox_tls_failed',
  'mailbox_auth_failed',
  'mailbox_refused_envelope',
  'mailbox_deferred',
  'mailbox_failed',
] as const;
export type MailDeliveryErrorCode = (typeof mailDeliveryErrorCodes)[number];

const messages: Readonly<Record<MailDeliveryErrorCode, string>> = {
  mailbox_unreachable: 'The mail server could not be reached.',
  mailbox_timeout: 'The mail server did not answer in time.',
  mailbox_tls_failed: 'No TLS connection could be set up with the mail server.',
  mailbox_auth_failed: 'The mail server did not accept the credentials.',
  mailbox_refused_envelope: 'The mail server refused the sender or the mailbox address.',
  mailbox_deferred: 'The mail server asked to try again later.',
  mailbox_failed: 'The message could not be handed to the mail server.',
};

/**
 * The mail server failed: not the caller's fault, and the gateway answers it as 502 (or 504), so the e-service
 * retries or the outbox tries again. The message names what went wrong and never carries the server's own
 * words, which may quote addresses; the SMTP details are kept as fields for the log.
 */
export class MailDeliveryError extends Error {
  readonly code: MailDeliveryErrorCode;
  /** nodemailer's code, e.g. ECONNECTION. */
  readonly smtpCode: string | undefined;
  readonly responseCode: number | undefined;
  readonly command: string | undefined;

  constructor(
    code: MailDeliveryErrorCode,
    details: {
      smtpCode?: string | undefined;
      responseCode?: number | undefined;
      command?: string | undefined;
    } = {},
  ) {
    super(messages[code]);
    this.name = 'MailDeliveryError';
    this.code = code;
    this.smtpCode = details.smtpCode;
    this.responseCode = details.responseCode;
    this.command = details.command;
  }
}

interface NodemailerFailure {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
  readonly permanent?: unknown;
}

/**
 * One failure of nodemailer's, translated once: a message the server refused for good is the contract's
 * `message_refused` (sending it again cannot help); everything else is a {@link MailDeliveryError}.
 */
export function translateSendError(error: unknown): OperationError | MailDeliveryError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const smtpCode = typeof failure.code === 'string' ? failure.code : undefined;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const command = typeof failure.command === 'string' ? failure.command : undefined;
  const details = { smtpCode, responseCode, command };
  // EMESSAGE: the server refused the message itself (after DATA, or too large for its SIZE limit).
  if (smtpCode === 'EMESSAGE' && failure.permanent !== false) return new OperationError('message_refused');
  switch (smtpCode) {
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
      return new MailDeliveryError('mailbox_unreachable', details);
    case 'ETIMEDOUT':
      return new MailDeliveryError('mailbox_timeout', details);
    case 'ETLS':
    case 'EREQUIRETLS':
      return new MailDeliveryError('mailbox_tls_failed', details);
    case 'EAUTH':
    case 'ENOAUTH':
      return new MailDeliveryError('mailbox_auth_failed', details);
    case 'EENVELOPE':
      return new MailDeliveryError(
        failure.permanent === false ? 'mailbox_deferred' : 'mailbox_refused_envelope',
        details,
      );
    case 'EMESSAGE':
      return new MailDeliveryError('mailbox_deferred', details);
    default:
      return new MailDeliveryError('mailbox_failed', details);
  }
}
