import { defineOperation } from '@brygga/contract';
import { submissionReceipt, submitFormBody } from './schemas.ts';

// The head operation, written once.

export const submitForm = defineOperation({
  id: 'submitForm',
  method: 'post',
  path: '/submissions',
  summary: { sv: 'Skicka in ett formulär', en: 'Submit a form' },
  description: {
    sv: 'Skickar formulärets svar som e-post till den funktionsbrevlåda som tar hand om formuläret. Skicka en Idempotency-Key så skickas e-posten bara en gång även om du försöker igen.',
    en: 'Sends the answers of a form as an e-mail to the functional mailbox that handles the form. Send an Idempotency-Key so the e-mail is sent only once, even if you retry.',
  },
  request: { body: submitFormBody },
  response: { status: 201, body: submissionReceipt },
  // A mail server that is down or slow is no declared error: the call fails (502/504) and is safe to retry
  // with the same Idempotency-Key.
  errors: {
    unknown_form: {
      status: 404,
      title: { sv: 'Formuläret finns inte.', en: 'The form does not exist.' },
      detail: {
        sv: 'Ingen brevlåda tar emot det här formuläret. Kontakta kommunen på annat sätt.',
        en: 'No mailbox takes this form. Contact the city another way.',
      },
    },
    message_refused: {
      status: 422,
      title: { sv: 'Meddelandet togs inte emot.', en: 'The message was not accepted.' },
      detail: {
        sv: 'Brevlådan tog inte emot meddelandet, till exempel för att det var för stort. Samma meddelande tas inte emot om du försöker igen. Kontakta kommunen på annat sätt.',
        en: 'The mailbox did not accept the message, for example because it was too large. The same message will not be accepted if you try again. Contact the city another way.',
      },
    },
    idempotency_key_reused: {
      status: 409,
      title: {
        sv: 'Nyckeln har redan använts för ett annat meddelande.',
        en: 'The key was already used for another message.',
      },
      detail: {
        sv: 'Samma Idempotency-Key skickades med ett annat innehåll. Använd en ny nyckel för ett nytt meddelande.',
        en: 'The same Idempotency-Key came with other content. Use a new key for a new message.',
      },
    },
  },
  idempotent: true,
  actsForCitizen: false,
});

export const operations = [submitForm] as const;

export type FormSubmissionOperationId = (typeof operations)[number]['id'];
