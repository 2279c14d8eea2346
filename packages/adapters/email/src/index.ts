export { createEmailAdapter, type EmailAdapter, type Receipt } from './adapter.ts';
export { type DedupeOptions, Deduplicator, fingerprintOf, KeyReusedError } from './dedupe.ts';
export {
  MailDeliveryError,
  type MailDeliveryErrorCode,
  mailDeliveryErrorCodes,
  translateSendError,
} from './errors.ts';
export { createAdapter } from './gateway-entry.ts';
export {
  type ComposedMessage,
  composeMessage,
  escapeHtml,
  type MessageFacts,
  type Submission,
} from './message.ts';
export {
  type BusinessSystemEntry,
  type EmailAdapterOptions,
  formOptionKey,
  isEmailAddress,
  mailServerUrlProblem,
  optionsFromBusinessSystem,
} from './options.ts';
