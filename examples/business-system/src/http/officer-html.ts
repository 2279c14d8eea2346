import { createHash } from 'node:crypto';
import type { CaseRecord } from '../domain/case.ts';
import { maskPersonalNumber } from '../domain/personal-number.ts';
import { nextStatuses, statusLabels } from '../domain/status.ts';

/** Server-rendered HTML for the case officer. Pure: model in, markup out. */

export interface OfficerPageModel {
  readonly cases: readonly CaseRecord[];
  readonly nextCursor: string | null;
  readonly notice?: { readonly kind: 'success' | 'error'; readonly text: string } | undefined;
}

const styles = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;max-width:80rem;padding:1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top}
label{display:block;margin-top:.25rem}select,textarea,button{font:inherit}textarea{width:100%;min-height:3rem}
button{margin-top:.5rem;padding:.25rem .75rem}:focus-visible{outline:3px solid #005fcc;outline-offset:2px}
.notice{border:2px solid;padding:.5rem 1rem;margin:1rem 0}.error{border-color:#b00020}.success{border-color:#1e7b34}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/** For the Content-Security-Policy: the inline stylesheet is allowed by its hash, nothing else inline is. */
export const styleHash = `sha256-${createHash('sha256').update(styles).digest('base64')}`;

const dateFormat = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Stockholm',
});

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderOfficerPage(model: OfficerPageModel): string {
  const title = `${model.notice?.kind === 'error' ? 'Fel: ' : ''}Ärenden om bygglov`;
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header><p>Ärendehantering – bygglov</p></header>
<main id="main">
<h1>Ärenden om bygglov</h1>
${renderNotice(model.notice)}
${model.cases.length === 0 ? '<p>Det finns inga ärenden ännu.</p>' : renderTable(model.cases)}
${
  model.nextCursor === null
    ? ''
    : `<nav aria-label="Fler ärenden"><p><a href="/?cursor=${encodeURIComponent(model.nextCursor)}">Visa äldre ärenden</a></p></nav>`
}
</main>
</body>
</html>`;
}

function renderNotice(notice: OfficerPageModel['notice']): string {
  if (notice === undefined) return '';
  // An error interrupts (alert); a confirmation waits its turn (status).
  const role = notice.kind === 'error' ? 'alert' : 'status';
  return `<div class="notice ${notice.kind}" role="${role}"><p>${escapeHtml(notice.text)}</p></div>`;
}

function renderTable(cases: readonly CaseRecord[]): string {
  return `<table>
<caption>Alla ärenden, nyast först</caption>
<thead><tr>
<th scope="col">Ärende</th><th scope="col">Sökande</th><th scope="col">Personnummer</th>
<th scope="col">Fastighet</th><th scope="col">Inkom</th><th scope="col">Status</th><th scope="col">Ändra status</th>
</tr></thead>
<tbody>
${cases.map(renderRow).join('\n')}
</tbody>
</table>`;
}

function renderRow(record: CaseRecord): string {
  const createdAt = new Date(record.createdAt);
  return `<tr>
<th scope="row">${escapeHtml(record.title)}<br><small>Nr ${escapeHtml(shortId(record.id))}</small></th>
<td>${escapeHtml(record.applicant.name)}</td>
<td>${escapeHtml(maskPersonalNumber(record.applicant.personalNumber))}</td>
<td>${escapeHtml(record.propertyDesignation)}</td>
<td><time datetime="${escapeHtml(record.createdAt)}">${escapeHtml(dateFormat.format(createdAt))}</time></td>
<td>${escapeHtml(statusLabels[record.status])}</td>
<td>${renderStatusForm(record)}</td>
</tr>`;
}

function renderStatusForm(record: CaseRecord): string {
  const options = nextStatuses(record.status);
  if (options.length === 0) return 'Beslut fattat. Inga fler steg.';
  const id = escapeHtml(record.id);
  const which = `<span class="visually-hidden"> för ärende ${escapeHtml(shortId(record.id))}</span>`;
  return `<form method="post" action="/cases/${id}/status">
<label for="status-${id}">Ny status${which}</label>
<select id="status-${id}" name="status" required>
${options.map((status) => `<option value="${status}">${escapeHtml(statusLabels[status])}</option>`).join('')}
</select>
<label for="comment-${id}">Kommentar till sökanden (frivillig)${which}</label>
<textarea id="comment-${id}" name="comment" maxlength="2000"></textarea>
<button type="submit">Spara status${which}</button>
</form>`;
}

function shortId(id: string): string {
  return id.slice(0, 8);
}
