import { createEmailAdapter, type EmailAdapter } from './adapter.ts';
import { type BusinessSystemEntry, optionsFromBusinessSystem } from './options.ts';

/**
 * What the gateway calls to load this adapter for a configured business system: `baseUrl` is the mail server
 * (`smtps://` or `smtp://`), `credentials` of type `smtp` (or `none`), `timeouts` the SMTP time limits, and
 * `options` say who sends and which mailbox takes which form (see {@link optionsFromBusinessSystem}).
 */
export function createAdapter(system: BusinessSystemEntry): EmailAdapter {
  return createEmailAdapter(optionsFromBusinessSystem(system));
}
