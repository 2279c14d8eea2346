/** A form submission as the contract's head delivers it to the adapter. */
export interface Submission {
  readonly form: string;
  readonly language: 'sv' | 'en';
  readonly subject: string;
  readonly fields: readonly { readonly label: string; readonly value: string }[];
  readonly replyTo?: string | undefined;
}

export interface MessageFacts {
  readonly submissionId: string;
  readonly eServiceId: string;
  readonly sentAt: Date;
}

export interface ComposedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const languageNames = {
  sv: 'svenska',
  en: 'engelska (English): svara gärna på engelska',
} as const;

const stockholmTime = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Stockholm',
});

/**
 * The e-mail the mailbox staff read: a short frame in Swedish (the staff's language) saying where the message
 * comes from and how to answer, then the person's answers under the form's own labels. Plain text, and the same
 * as simple HTML in which every value is escaped.
 */
export function composeMessage(submission: Submission, facts: MessageFacts): ComposedMessage {
  const sent = stockholmTime.format(facts.sentAt);
  const replyLine = submission.replyTo
    ? `Svara till: ${submission.replyTo} (svara på det här e-postmeddelandet)`
    : 'Svara till: personen lämnade ingen e-postadress. Svara inte på det här meddelandet.';
  const frame = [
    `Ett nytt meddelande från e-tjänsten ${facts.eServiceId}, formuläret ”${submission.form}”.`,
    '',
    `Referens: ${facts.submissionId}`,
    `Skickat: ${sent}`,
    `Språk: ${languageNames[submission.language]}`,
    replyLine,
  ];
  const answers = submission.fields.flatMap((field) => [
    '',
    field.label,
    field.value === '' ? '(inget svar)' : field.value,
  ]);
  const text = [
    ...frame,
    '',
    '--- Svaren ---',
    ...answers,
    '',
    '--',
    'Skickat genom Brygga. Personens svar står ovan precis som hen skrev dem.',
    '',
  ].join('\n');

  const replyHtml = submission.replyTo
    ? `<a href="mailto:${escapeHtml(submission.replyTo)}">${escapeHtml(submission.replyTo)}</a> (svara på det här e-postmeddelandet)`
    : 'personen lämnade ingen e-postadress. Svara inte på det här meddelandet.';
  const answerRows = submission.fields
    .map(
      (field) =>
        `<dt>${escapeHtml(field.label)}</dt>\n<dd>${field.value === '' ? '<em>(inget svar)</em>' : multiline(field.value)}</dd>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>${escapeHtml(submission.subject)}</title>
</head>
<body>
<p>Ett nytt meddelande från e-tjänsten <strong>${escapeHtml(facts.eServiceId)}</strong>, formuläret <strong>”${escapeHtml(submission.form)}”</strong>.</p>
<dl>
<dt>Referens</dt>
<dd>${escapeHtml(facts.submissionId)}</dd>
<dt>Skickat</dt>
<dd>${escapeHtml(sent)}</dd>
<dt>Språk</dt>
<dd>${escapeHtml(languageNames[submission.language])}</dd>
<dt>Svara till</dt>
<dd>${replyHtml}</dd>
</dl>
<h2>Svaren</h2>
<dl lang="${submission.language}">
${answerRows}
</dl>
<p>Skickat genom Brygga. Personens svar står ovan precis som hen skrev dem.</p>
</body>
</html>
`;
  return { subject: submission.subject, text, html };
}

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>\n');
}
