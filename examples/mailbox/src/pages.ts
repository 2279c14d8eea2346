import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { StoredMessage } from './store.ts';

/** Markup from hono's `html` template, which escapes every interpolated value that is not markup itself. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

interface Bilingual {
  readonly sv: string;
  readonly en: string;
}

const serviceName: Bilingual = { sv: 'Exempelbrevlådan', en: 'Example mailbox' };

/** Swedish first, English after it in its own `lang`. */
function both(text: Bilingual): Html {
  return html`${text.sv} <span lang="en">${text.en}</span>`;
}

/** The frame of every page: skip link, header with the service's name, main, footer. */
export function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${serviceName.sv}</title>
<link rel="stylesheet" href="/assets/brevlada.css">
</head>
<body>
<a class="skip-link" href="#main">Hoppa till innehållet <span lang="en">Skip to content</span></a>
<header class="site">
<div class="inner">
<a class="service" href="/">${both(serviceName)}</a>
</div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site">
<div class="inner">
<p>En funktionsbrevlåda för utveckling: den visar e-post som skickats till den lokala SMTP-servern och glömmer allt när den stängs. <span lang="en">A functional mailbox for development: it shows e-mail sent to the local SMTP server and forgets everything when it stops.</span></p>
</div>
</footer>
</body>
</html>`;
}

const stockholmTime = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Stockholm',
});

function when(iso: string): Html {
  return html`<time datetime="${iso}">${stockholmTime.format(new Date(iso))}</time>`;
}

/** The inbox: every message kept, newest first. */
export function renderInbox(messages: readonly StoredMessage[], smtpUrl: string): Html {
  const list =
    messages.length === 0
      ? html`<p class="notice">Inga meddelanden än. Skicka ett formulär genom Brygga så syns det här. <span lang="en">No messages yet. Send a form through Brygga and it shows up here.</span></p>`
      : html`<table>
<caption>${both({ sv: `${messages.length} meddelanden, nyast först`, en: `${messages.length} messages, newest first` })}</caption>
<thead>
<tr><th scope="col">${both({ sv: 'Mottaget', en: 'Received' })}</th><th scope="col">${both({ sv: 'Ämne', en: 'Subject' })}</th><th scope="col">${both({ sv: 'Till', en: 'To' })}</th><th scope="col">${both({ sv: 'Formulär', en: 'Form' })}</th></tr>
</thead>
<tbody>
${messages.map(
  (message) =>
    html`<tr><td>${when(message.receivedAt)}</td><td><a href="/meddelanden/${message.id}">${message.subject || '(inget ämne)'}</a></td><td>${message.envelope.to.join(', ')}</td><td>${message.headers['x-brygga-form'] ?? '–'}</td></tr>
`,
)}</tbody>
</table>`;
  return page(
    'Inkorg',
    html`<h1>${both({ sv: 'Inkorg', en: 'Inbox' })}</h1>
<p class="lead">Det här har kommit till funktionsbrevlådan. <span lang="en">This is what has reached the functional mailbox.</span></p>
<p>SMTP: <code>${smtpUrl}</code></p>
${list}
<div class="actions"><a href="/">Uppdatera <span lang="en">Refresh</span></a></div>`,
  );
}

/** One message: who sent it to whom, Brygga's headers, and the text as received. */
export function renderMessage(message: StoredMessage): Html {
  const rows: [Bilingual, string | Html][] = [
    [{ sv: 'Mottaget', en: 'Received' }, when(message.receivedAt)],
    [{ sv: 'Från', en: 'From' }, message.from],
    [{ sv: 'Till', en: 'To' }, message.to],
    [{ sv: 'Svara till', en: 'Reply to' }, message.replyTo ?? '–'],
    [{ sv: 'Meddelande-id', en: 'Message ID' }, html`<code>${message.messageId ?? '–'}</code>`],
    ...Object.entries(message.headers).map(([name, value]): [Bilingual, Html] => [
      { sv: name, en: '' },
      html`<code>${value}</code>`,
    ]),
  ];
  return page(
    message.subject || 'Meddelande',
    html`<h1>${message.subject || '(inget ämne)'}</h1>
<dl class="summary">
${rows.map(
  ([
    label,
    value,
  ]) => html`<dt>${label.en === '' ? html`<code>${label.sv}</code>` : both(label)}</dt><dd>${value}</dd>
`,
)}</dl>
<h2>${both({ sv: 'Texten', en: 'The text' })}</h2>
<pre class="body">${message.text}</pre>
<div class="actions"><a href="/">Tillbaka till inkorgen <span lang="en">Back to the inbox</span></a></div>`,
  );
}

export function renderNotFound(): Html {
  return page(
    'Sidan finns inte',
    html`<h1>${both({ sv: 'Sidan finns inte', en: 'The page does not exist' })}</h1>
<p>Meddelandet kan ha tagits bort: brevlådan sparar bara de senaste. <span lang="en">The message may be gone: the mailbox keeps only the latest.</span></p>
<div class="actions"><a href="/">Till inkorgen <span lang="en">To the inbox</span></a></div>`,
  );
}
