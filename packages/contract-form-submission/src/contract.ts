import { defineContract } from '@brygga/contract';
import { operations } from './operations.ts';

/**
 * The city's simple e-service: a form whose answers go by e-mail to a functional mailbox (funktionsbrevlåda), with
 * a receipt back to the e-service. No login: the person is whoever filled in the form.
 */
export const formSubmission = defineContract({
  name: 'form-submission',
  title: { sv: 'Formulär till funktionsbrevlåda', en: 'Forms to a functional mailbox' },
  description: {
    sv: 'Skicka in ett enkelt formulär, till exempel en fråga eller en synpunkt. Svaren kommer fram som e-post till den brevlåda som tar hand om formuläret.',
    en: 'Send a simple form, such as a question or a comment. The answers arrive as an e-mail in the mailbox that handles the form.',
  },
  operations,
  versions: [{ version: '2026-12-01', stability: 'stable', changes: [] }],
});

export type FormSubmission = typeof formSubmission;
