import { applicationTypeLabel, formatMoment, statusText, usualSteps } from '../cases/labels.ts';
import type { Receipt } from '../session/store.ts';
import { both, type Html, html, page } from './layout.ts';

/** The case path of this e-service: the id is opaque and URL-encoded once. */
export function casePath(caseId: string): string {
  return `/mina-arenden/${encodeURIComponent(caseId)}`;
}

function statusLabel(status: string): Html {
  const text = statusText(status);
  return text ? both(text.label) : html`${status}`;
}

/** Where an accepted application stands, as the receipt page says it. */
export type ReceiptView =
  | { readonly state: 'accepted' | 'delivering' }
  | { readonly state: 'delivered'; readonly caseId: string }
  | {
      readonly state: 'failed';
      readonly heading: { readonly sv: string; readonly en: string };
      readonly text: { readonly sv: string; readonly en: string };
    }
  | { readonly state: 'dead' }
  | { readonly state: 'unknown'; readonly requestId: string | undefined };

const receiptStatusWords = {
  accepted: {
    sv: 'Mottagen. Den skickas vidare till handläggarna inom kort.',
    en: 'Received. It is being passed on to the case officers shortly.',
  },
  delivering: {
    sv: 'På väg till handläggarna. Det kan ta en stund om deras system är upptaget; du behöver inte skicka den igen.',
    en: 'On its way to the case officers. It can take a while if their system is busy; you do not need to send it again.',
  },
  delivered: {
    sv: 'Framme hos handläggarna. Ansökan har fått ett diarienummer.',
    en: 'With the case officers. The application has a case number.',
  },
} as const;

/**
 * The receipt: "we have received your application", with its receipt id and status in plain words. While it is on
 * its way, a link reloads the page (no automatic refresh: a person reading it is never interrupted, WCAG 2.2.1);
 * once delivered, the case number and a link to the case. A refusal or a delivery given up is said plainly.
 */
export function renderReceipt(receipt: Receipt, view: ReceiptView, csrfToken: string): Html {
  const type = applicationTypeLabel(receipt.applicationType);
  const summary = html`<dl class="summary">
<dt>Kvittonummer <span lang="en">Receipt number</span></dt><dd><code>${receipt.receiptId}</code></dd>
<dt>Ansökan <span lang="en">Application</span></dt><dd>${receipt.title}</dd>
<dt>Typ <span lang="en">Type</span></dt><dd>${both(type)}</dd>
<dt>Mottagen <span lang="en">Received</span></dt><dd><time datetime="${receipt.acceptedAt}">${formatMoment(receipt.acceptedAt)}</time></dd>
</dl>`;
  if (view.state === 'failed' || view.state === 'dead') {
    const words =
      view.state === 'failed'
        ? view
        : {
            heading: {
              sv: 'Ansökan kunde inte lämnas över',
              en: 'The application could not be passed on',
            },
            text: {
              sv: 'Vi försökte många gånger, men handläggarnas system tog inte emot den. Det är inte ditt fel. Vår support har fått veta det. Kontakta oss och uppge kvittonumret, eller skicka ansökan igen senare.',
              en: 'We tried many times, but the case officers’ system did not take it. It is not your fault. Our support has been told. Contact us and give the receipt number, or send the application again later.',
            },
          };
    const body = html`<div class="notice" role="alert">
<h1>${words.heading.sv} <span lang="en">${words.heading.en}</span></h1>
<p>${both(words.text)}</p>
</div>
${summary}
<div class="actions">
<a class="button" href="/ansokan">Gör en ny ansökan <span lang="en">Make a new application</span></a>
<a href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>
</div>`;
    return page({ title: words.heading.sv, body, csrfToken });
  }
  const status =
    view.state === 'unknown'
      ? html`<p>Vi kan inte se hur det går för ansökan just nu. Den är mottagen och finns kvar hos oss. <span lang="en">We cannot see how the application is doing right now. It is received and kept safe with us.</span></p>`
      : html`<p><strong>Status:</strong> ${both(receiptStatusWords[view.state])}</p>`;
  const next =
    view.state === 'delivered'
      ? html`<p>Ditt diarienummer <span lang="en">Your case number</span>:</p>
<p class="case-id">${view.caseId}</p>
<h2>Vad händer nu? <span lang="en">What happens now?</span></h2>
<p>En handläggare går igenom ansökan. Om något saknas hör vi av oss. Du kan följa ärendet här. <span lang="en">A case officer goes through the application. If anything is missing we will contact you. You can follow the case here.</span></p>
<div class="actions">
<a class="button" href="${casePath(view.caseId)}">Följ ärendet <span lang="en">Follow the case</span></a>
<a href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>
</div>`
      : html`<p>Du kan stänga sidan: ansökan skickas vidare ändå. Vill du se diarienumret, uppdatera sidan om en stund. <span lang="en">You can close this page: the application is passed on anyway. To see the case number, refresh the page in a while.</span></p>
<div class="actions">
<a class="button" href="/kvitto">Uppdatera <span lang="en">Refresh</span></a>
<a href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>
</div>`;
  const body = html`<div class="panel" role="status">
<h1>Vi har tagit emot din ansökan <span lang="en">We have received your application</span></h1>
${status}
</div>
${summary}
${next}`;
  return page({ title: 'Vi har tagit emot din ansökan', body, csrfToken });
}

export interface CaseSummaryView {
  readonly caseId: string;
  readonly applicationType: string;
  readonly title: string;
  readonly status: string;
  readonly submittedAt: string;
}

/** The citizen's own cases, newest first, with a link to the next page when there is one. */
export function renderCaseList(options: {
  readonly cases: readonly CaseSummaryView[];
  readonly nextCursor: string | null;
  readonly csrfToken: string;
}): Html {
  const rows = options.cases.map(
    (each) => html`<tr>
<th scope="row"><a href="${casePath(each.caseId)}">${each.caseId}</a></th>
<td>${each.title}</td>
<td>${both(applicationTypeLabel(each.applicationType))}</td>
<td>${statusLabel(each.status)}</td>
<td><time datetime="${each.submittedAt}">${formatMoment(each.submittedAt)}</time></td>
</tr>`,
  );
  const table =
    options.cases.length === 0
      ? html`<p>Du har inga ärenden ännu. <span lang="en">You have no cases yet.</span></p>`
      : html`<table>
<caption>Dina ärenden, nyast först <span lang="en">Your cases, newest first</span></caption>
<thead><tr>
<th scope="col">Diarienummer <span lang="en">Case number</span></th>
<th scope="col">Ansökan <span lang="en">Application</span></th>
<th scope="col">Typ <span lang="en">Type</span></th>
<th scope="col">Status</th>
<th scope="col">Inskickad <span lang="en">Sent</span></th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  const next =
    options.nextCursor === null
      ? ''
      : html`<p><a href="/mina-arenden?fran=${encodeURIComponent(options.nextCursor)}">Äldre ärenden <span lang="en">Older cases</span></a></p>`;
  const body = html`<h1>Mina ärenden <span lang="en">My cases</span></h1>
${table}
${next}
<div class="actions"><a class="button" href="/ansokan">Gör en ny ansökan <span lang="en">Make a new application</span></a></div>`;
  return page({ title: 'Mina ärenden', body, csrfToken: options.csrfToken });
}

export interface CaseView {
  readonly caseId: string;
  readonly applicationType: string;
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly submittedAt: string;
  readonly applicant: {
    readonly givenName: string;
    readonly familyName: string;
    readonly email?: string | undefined;
    readonly phone?: string | undefined;
  };
}

/** Where one case stands (from getCaseStatus, the freshest), what that means, and what was applied for. */
export function renderCase(options: {
  readonly case: CaseView;
  readonly status: { readonly status: string; readonly updatedAt: string };
  readonly csrfToken: string;
}): Html {
  const { case: view, status } = options;
  const text = statusText(status.status);
  // The usual path, or the usual path up to where this case turned off it (more information, a rejection).
  const usual: readonly string[] = usualSteps;
  const steps = usual.includes(status.status) ? usual : [...usual.slice(0, 2), status.status];
  const current = steps.indexOf(status.status);
  const stepList = html`<ol class="steps">
${steps.map(
  (step, index) =>
    html`<li${index === current ? html` class="current" aria-current="step"` : ''}>${statusLabel(step)}${index < current ? html` <span class="visually-hidden">(klart, done)</span>` : ''}</li>`,
)}
</ol>`;
  const name = [view.applicant.givenName, view.applicant.familyName].filter(Boolean).join(' ');
  const body = html`<h1>Ärende ${view.caseId} <span lang="en">Case ${view.caseId}</span></h1>
<div class="notice" role="status">
<p><strong>Status: ${statusLabel(status.status)}</strong></p>
${text ? html`<p>${both(text.meaning)}</p>` : ''}
<p>Senast ändrad <span lang="en">Last changed</span>: <time datetime="${status.updatedAt}">${formatMoment(status.updatedAt)}</time></p>
</div>
<h2>Så går ärendet till <span lang="en">How the case proceeds</span></h2>
${stepList}
<h2>Din ansökan <span lang="en">Your application</span></h2>
<dl class="summary">
<dt>Rubrik <span lang="en">Heading</span></dt><dd>${view.title}</dd>
<dt>Typ <span lang="en">Type</span></dt><dd>${both(applicationTypeLabel(view.applicationType))}</dd>
<dt>Fastighet <span lang="en">Property</span></dt><dd>${view.propertyDesignation}</dd>
<dt>Beskrivning <span lang="en">Description</span></dt><dd>${view.description}</dd>
<dt>Sökande <span lang="en">Applicant</span></dt><dd>${name}</dd>
${view.applicant.email ? html`<dt>E-post <span lang="en">Email</span></dt><dd>${view.applicant.email}</dd>` : ''}
${view.applicant.phone ? html`<dt>Telefon <span lang="en">Phone</span></dt><dd>${view.applicant.phone}</dd>` : ''}
<dt>Inskickad <span lang="en">Sent</span></dt><dd><time datetime="${view.submittedAt}">${formatMoment(view.submittedAt)}</time></dd>
</dl>
<p><a href="/mina-arenden">Tillbaka till mina ärenden <span lang="en">Back to my cases</span></a></p>`;
  return page({ title: `Ärende ${view.caseId}`, body, csrfToken: options.csrfToken });
}
