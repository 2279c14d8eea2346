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

/** "Thank you": the case number, when, and where to follow it. */
export function renderReceipt(receipt: Receipt, csrfToken: string): Html {
  const type = applicationTypeLabel(receipt.applicationType);
  const body = html`<div class="panel" role="status">
<h1>Tack! Din ansökan är inskickad <span lang="en">Thank you! Your application has been sent</span></h1>
<p>Ditt diarienummer <span lang="en">Your case number</span>:</p>
<p class="case-id">${receipt.caseId}</p>
</div>
<dl class="summary">
<dt>Ansökan <span lang="en">Application</span></dt><dd>${receipt.title}</dd>
<dt>Typ <span lang="en">Type</span></dt><dd>${both(type)}</dd>
<dt>Inskickad <span lang="en">Sent</span></dt><dd><time datetime="${receipt.submittedAt}">${formatMoment(receipt.submittedAt)}</time></dd>
</dl>
<h2>Vad händer nu? <span lang="en">What happens now?</span></h2>
<p>En handläggare går igenom ansökan. Om något saknas hör vi av oss. Du kan följa ärendet här. <span lang="en">A case officer goes through the application. If anything is missing we will contact you. You can follow the case here.</span></p>
<div class="actions">
<a class="button" href="${casePath(receipt.caseId)}">Följ ärendet <span lang="en">Follow the case</span></a>
<a href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a>
</div>`;
  return page({ title: 'Ansökan är inskickad', body, csrfToken });
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
