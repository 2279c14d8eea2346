import { type Html, html, page } from '../pages/html.ts';
import type { ProcessingActivity, RecordOfProcessing } from './processing-record.ts';

/** The art. 30 record as a readable page: Swedish first, English beside it. Pure. */
export function processingRecordPage(record: RecordOfProcessing): Html {
  const controller = record.controller
    ? html`${record.controller.name} (${record.controller.contact})`
    : html`Ej angiven <span lang="en">Not stated</span>`;
  const body = html`
<h1>Register över behandlingar <span lang="en">Record of processing activities</span></h1>
<p class="lead">Enligt artikel 30.1 i dataskyddsförordningen, skapat ur Bryggas konfiguration. <span lang="en">Under GDPR article 30(1), generated from Brygga's configuration.</span></p>
<dl>
<dt>Personuppgiftsansvarig <span lang="en">Controller</span></dt><dd>${controller}</dd>
<dt>Skapat <span lang="en">Generated</span></dt><dd><time datetime="${record.generatedAt}">${record.generatedAt}</time></dd>
</dl>
<p><a href="/processing-record">Samma register som JSON <span lang="en">The same record as JSON</span></a></p>
${
  record.activities.length === 0
    ? html`<p>Inga ändamål är konfigurerade. <span lang="en">No purposes are configured.</span></p>`
    : record.activities.map(activity)
}`;
  return page({ title: 'Register över behandlingar – Brygga', body });
}

function activity(item: ProcessingActivity): Html {
  const headingId = `activity-${item.id}`;
  return html`
<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${item.purpose.sv} <span lang="en">${item.purpose.en}</span></h2>
<dl>
<dt>Id</dt><dd><code>${item.id}</code></dd>
<dt>Rättslig grund <span lang="en">Legal basis</span></dt>
<dd>Artikel <span lang="en">Article</span> ${item.legalBasis.article}: ${item.legalBasis.name.sv} <span lang="en">${item.legalBasis.name.en}</span>${item.legalBasis.reference === null ? '' : html`; ${item.legalBasis.reference}`}</dd>
<dt>Kategorier av registrerade <span lang="en">Categories of data subjects</span></dt><dd>${item.dataSubjectCategories.join(', ')}</dd>
<dt>Kategorier av personuppgifter <span lang="en">Categories of personal data</span></dt><dd>${item.personalDataCategories.join(', ')}</dd>
<dt>Mottagare: e-tjänster <span lang="en">Recipients: e-services</span></dt><dd>${named(item.recipients.eServices)}</dd>
<dt>Mottagare: verksamhetssystem <span lang="en">Recipients: business systems</span></dt><dd>${named(item.recipients.businessSystems)}</dd>
<dt>Gallring <span lang="en">Retention</span></dt><dd>${
    item.retention === null
      ? html`Ej angiven <span lang="en">Not stated</span>`
      : html`${durationText(item.retention.duration)} (<code>${item.retention.class}</code>, ${item.retention.duration}). ${item.retention.description}`
  }</dd>
</dl>
</section>`;
}

function named(items: readonly { id: string; name: string; owner: string }[]): Html | string {
  if (items.length === 0) return html`Inga <span lang="en">None</span>`;
  return html`<ul>${items.map((item) => html`<li>${item.name} (${item.owner})</li>`)}</ul>`;
}

const units = [
  ['Y', 'år', 'år', 'year', 'years'],
  ['M', 'månad', 'månader', 'month', 'months'],
  ['W', 'vecka', 'veckor', 'week', 'weeks'],
  ['D', 'dag', 'dagar', 'day', 'days'],
] as const;

/** "P10Y" as "10 år (10 years)"; a duration with a time part is shown as written. */
export function durationText(duration: string): Html | string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration);
  if (!match || duration === 'P') return duration;
  const parts = units.flatMap(([, svOne, svMany, enOne, enMany], index) => {
    const count = match[index + 1];
    if (count === undefined) return [];
    const n = Number(count);
    return [{ sv: `${n} ${n === 1 ? svOne : svMany}`, en: `${n} ${n === 1 ? enOne : enMany}` }];
  });
  return html`${parts.map((part) => part.sv).join(' ')} <span lang="en">${parts.map((part) => part.en).join(' ')}</span>`;
}
