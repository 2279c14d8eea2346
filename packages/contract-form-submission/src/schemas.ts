import { personalData } from '@brygga/contract';
import { z } from 'zod';

// Head-version building blocks. Requests get strict objects and input limits; responses get plain objects.

/** The same shape as ids in the gateway's configuration, so a form id can name a mailbox setting. */
export const formId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .describe(
    'Which form was filled in: lower-case letters a-z, digits and single hyphens, e.g. kontakt. The city decides which forms exist and which mailbox each one goes to.',
  );

export const languages = ['sv', 'en'] as const;
export const language = z
  .enum(languages)
  .describe('The language the person wrote in and wants an answer in: Swedish (sv) or English (en).');

// One line: a line break would let a value pass for a new heading in the e-mail.
const oneLine = /^[^\r\n]*$/;

export const formField = z.strictObject({
  label: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(oneLine)
    .describe('The question or field name as the form showed it, e.g. “Ditt ärende”. Not personal data.'),
  value: personalData(z.string().max(10_000)).describe('What the person answered. May be empty.'),
});

export const submitFormBody = z.strictObject({
  form: formId,
  language,
  subject: personalData(z.string().trim().min(1).max(200).regex(oneLine)).describe(
    'The subject line of the e-mail. People often write their own, so it counts as personal data.',
  ),
  fields: z.array(formField).min(1).max(100).describe('The answers, in the order the form showed them.'),
  replyTo: personalData(z.email().max(254))
    .optional()
    .describe('Where the mailbox can answer the person, when they gave an e-mail address.'),
});

export const submissionReceipt = z.object({
  submissionId: z
    .string()
    .describe(
      'The reference of this submission. Show it to the person: the mailbox staff find the e-mail by it.',
    ),
  receivedAt: z.iso.datetime().describe('When the mailbox accepted the message.'),
  mailbox: z
    .object({ name: z.string().describe('The name people know the mailbox by, e.g. Kontaktcenter.') })
    .describe('Where the submission went.'),
});
