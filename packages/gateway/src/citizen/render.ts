import type { Language } from '@brygga/contract';
import type { ExtractEntry, ExtractNames } from '../audit/index.ts';
import { type Html, html } from '../pages/html.ts';
import { citizenClientId, citizenPageName, citizenPaths } from './client.ts';
import { legalBasisHtml, operationLabel, outcomeText } from './labels.ts';

/** What the page is filtered and paged by; everything here travels in the page's own links. */
export interface PageQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Show only records older than this sequence number ("show older"). */
  readonly before?: number | undefined;
}

export interface RecordsPageInput {
  readonly language: Language;
  /** This page's records, newest first. */
  readonly entries: readonly ExtractEntry[];
  /** How many records the period holds in all. */
  readonly total: number;
  /** Where this page starts among them (0 for the newest). */
  readonly offset: number;
  readonly query: PageQuery;
  /** The sequence number to continue from for "show older"; undefined when there is nothing older. */
  readonly olderThan: number | undefined;
  /** A period was asked for that is not two dates in order; the page then shows everything. */
  readonly periodRejected: boolean;
  readonly names: ExtractNames;
}

/** The page's own texts, Swedish and English. */
const t = {
  sv: {
    skip: 'Hoppa till innehållet',
    languageNav: 'Språk',
    other: { href: 'en', text: 'In English', lang: 'en' },
    title: citizenPageName.sv,
    lead: 'Här ser du när dina personuppgifter har använts via stadens integrationsplattform Brygga: av vilken e-tjänst, varför, med vilket stöd i lagen och i vilket verksamhetssystem.',
    caption: 'Användning av dina personuppgifter, nyast först',
    showing: (first: number, last: number, total: number) => `Visar ${first}–${last} av ${total}.`,
    columns: {
      time: 'Datum och tid',
      eService: 'E-tjänst',
      purpose: 'Ändamål',
      legalBasis: 'Rättslig grund',
      businessSystem: 'Verksamhetssystem',
      operation: 'Vad som gjordes',
      outcome: 'Utfall',
    },
    none: 'Ingen',
    pruned: 'Uppgifterna om den här händelsen har gallrats enligt ett beslut om gallring.',
    empty: 'Inga uppgifter ännu.',
    emptyPeriod: 'Inga uppgifter under den valda perioden.',
    emptyMore: 'Här visas varje gång någon använder dina personuppgifter via Brygga.',
    older: 'Visa äldre',
    pages: 'Fler uppgifter',
    newest: 'Till de senaste',
    period: 'Välj period',
    from: 'Från och med',
    to: 'Till och med',
    show: 'Visa',
    all: 'Visa alla',
    periodRejected:
      'Perioden kunde inte användas. Skriv datum som ÅÅÅÅ-MM-DD, det första före det andra. Alla uppgifter visas.',
    download: 'Ladda ner',
    csv: 'Ladda ner som CSV (kalkylark)',
    json: 'Ladda ner som JSON',
    about: 'Om uppgifterna',
    aboutText: [
      'Tiden är svensk tid. Namnet på den handläggare som använde uppgifterna visas inte, men du kan begära det hos den nämnd som äger e-tjänsten.',
      'Att du tittar på den här sidan eller laddar ner uppgifterna registreras också, eftersom även det är en behandling av dina personuppgifter.',
    ],
    logout: 'Logga ut',
    login: 'Logga in med e-legitimation',
    loginLead: 'Logga in för att se när dina personuppgifter har använts, av vilken e-tjänst och varför.',
    loggedOut: 'Du är utloggad',
    loggedOutText: 'Du kan stänga fönstret, eller logga in igen.',
    problem: 'Felkod',
    reference: 'Referens',
    timeZone: 'Svensk tid',
    unavailable: 'Sidan kan inte visas just nu',
    unavailableText:
      'Varje gång du tittar på dina uppgifter registreras det, och det går inte att registrera just nu. Försök igen om en stund.',
    rateLimited: 'För många förfrågningar',
    rateLimitedText: (seconds: number) =>
      `Du har öppnat sidan eller laddat ner uppgifterna många gånger på kort tid. Försök igen om ${seconds} sekunder.`,
    back: 'Tillbaka till dina uppgifter',
  },
  en: {
    skip: 'Skip to content',
    languageNav: 'Language',
    other: { href: 'sv', text: 'På svenska', lang: 'sv' },
    title: citizenPageName.en,
    lead: "Here you see when your personal data has been used through Brygga, the city's integration gateway: by which e-service, why, on what legal basis and in which business system.",
    caption: 'Uses of your personal data, newest first',
    showing: (first: number, last: number, total: number) => `Showing ${first}–${last} of ${total}.`,
    columns: {
      time: 'Date and time',
      eService: 'E-service',
      purpose: 'Purpose',
      legalBasis: 'Legal basis',
      businessSystem: 'Business system',
      operation: 'What was done',
      outcome: 'Outcome',
    },
    none: 'None',
    pruned: 'The details of this event were removed under a disposal decision.',
    empty: 'Nothing yet.',
    emptyPeriod: 'Nothing in the chosen period.',
    emptyMore: 'Every time someone uses your personal data through Brygga, it is shown here.',
    older: 'Show older',
    pages: 'More records',
    newest: 'Back to the newest',
    period: 'Choose a period',
    from: 'From',
    to: 'To',
    show: 'Show',
    all: 'Show all',
    periodRejected:
      'The period could not be used. Write dates as YYYY-MM-DD, the first before the second. Everything is shown.',
    download: 'Download',
    csv: 'Download as CSV (spreadsheet)',
    json: 'Download as JSON',
    about: 'About this information',
    aboutText: [
      'Times are Swedish time. The name of the official who used the data is not shown, but you can ask the committee that owns the e-service for it.',
      'Looking at this page or downloading the information is recorded too, since that is also a processing of your personal data.',
    ],
    logout: 'Log out',
    login: 'Log in with an e-identification',
    loginLead: 'Log in to see when your personal data has been used, by which e-service and why.',
    loggedOut: 'You are logged out',
    loggedOutText: 'You can close this window, or log in again.',
    problem: 'Error code',
    reference: 'Reference',
    timeZone: 'Swedish time',
    unavailable: 'The page cannot be shown right now',
    unavailableText:
      'Every time you look at your records it is recorded, and recording is not possible right now. Please try again in a while.',
    rateLimited: 'Too many requests',
    rateLimitedText: (seconds: number) =>
      `You have opened the page or downloaded your records many times in a short while. Please try again in ${seconds} seconds.`,
    back: 'Back to your records',
  },
} as const;

/** A link to a page of this site with the given query (empty values left out). */
export function pageHref(path: string, query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** The page frame: language attribute, skip link, language switch, both stylesheets (CSP style-src 'self'). */
function frame(options: { language: Language; title: string; otherHref: string; body: Html }): Html {
  const text = t[options.language];
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – Brygga</title>
<link rel="stylesheet" href="/assets/brygga.css">
<link rel="stylesheet" href="${citizenPaths.stylesheet}">
</head>
<body>
<a class="skip-link" href="#main">${text.skip}</a>
<header class="citizen-header">
<nav aria-label="${text.languageNav}"><a href="${options.otherHref}" lang="${text.other.lang}" hreflang="${text.other.lang}">${text.other.text}</a></nav>
</header>
<main id="main" tabindex="-1">
${options.body}
</main>
</body>
</html>`;
}

const timeFormats: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
};

/** A record's time in Swedish time, as the reader's language writes it. Pure. */
export function localTime(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormats[language].format(date);
}

function row(entry: ExtractEntry, names: ExtractNames, language: Language): Html {
  const text = t[language];
  if (entry.status === 'pruned') {
    return html`<tr><th scope="row"><time datetime="${entry.date}">${entry.date}</time></th><td colspan="6">${text.pruned}</td></tr>`;
  }
  const eService =
    entry.eService === null
      ? text.none
      : (names.eService(entry.eService)?.[language] ??
        (entry.eService === citizenClientId ? citizenPageName[language] : entry.eService));
  const system =
    entry.businessSystem === null
      ? text.none
      : (names.businessSystem(entry.businessSystem) ?? entry.businessSystem);
  const outcome =
    entry.outcome === 'failure' && entry.problem !== null
      ? html`${outcomeText(entry.outcome, language)} <span class="problem">(${text.problem} <code>${entry.problem}</code>)</span>`
      : outcomeText(entry.outcome, language);
  return html`<tr>
<th scope="row"><time datetime="${entry.time}">${localTime(entry.time, language)}</time></th>
<td>${eService}</td>
<td>${names.purpose(entry.purpose)?.[language] ?? entry.purpose}</td>
<td>${legalBasisHtml(entry.legalBasis, entry.legalReference, language)}</td>
<td>${system}</td>
<td>${operationLabel(entry.contract, entry.operation, language)}</td>
<td class="outcome-${entry.outcome}">${outcome}</td>
</tr>`;
}

/** The citizen's records page. Pure: everything it shows comes in through `input`, escaped by `html`. */
export function renderRecordsPage(input: RecordsPageInput): Html {
  const { language, query } = input;
  const text = t[language];
  const period = input.periodRejected ? {} : { from: query.from, to: query.to };
  const here = (extra: Readonly<Record<string, string | number | undefined>>) =>
    pageHref(citizenPaths.page, { lang: language, ...period, ...extra });
  const otherHref = pageHref(citizenPaths.page, {
    lang: text.other.href,
    ...period,
    before: query.before,
  });
  const filtered = period.from !== undefined || period.to !== undefined;
  const table =
    input.entries.length === 0
      ? html`<p class="empty"><strong>${filtered ? text.emptyPeriod : text.empty}</strong> ${text.emptyMore}</p>`
      : html`<table>
<caption>${text.caption}. <span class="showing">${text.showing(input.offset + 1, input.offset + input.entries.length, input.total)}</span></caption>
<thead><tr>
<th scope="col">${text.columns.time} <span class="unit">(${text.timeZone})</span></th>
<th scope="col">${text.columns.eService}</th>
<th scope="col">${text.columns.purpose}</th>
<th scope="col">${text.columns.legalBasis}</th>
<th scope="col">${text.columns.businessSystem}</th>
<th scope="col">${text.columns.operation}</th>
<th scope="col">${text.columns.outcome}</th>
</tr></thead>
<tbody>
${input.entries.map((entry) => row(entry, input.names, language))}
</tbody>
</table>`;
  const paging =
    query.before === undefined && input.olderThan === undefined
      ? ''
      : html`<nav class="paging" aria-label="${text.pages}">${
          query.before === undefined ? '' : html`<a href="${here({})}">${text.newest}</a>`
        }${input.olderThan === undefined ? '' : html`<a href="${here({ before: input.olderThan })}">${text.older}</a>`}</nav>`;
  const body = html`<div class="title-row">
<h1>${text.title}</h1>
<form method="post" action="${pageHref(citizenPaths.logout, { lang: language })}"><button type="submit" class="secondary">${text.logout}</button></form>
</div>
<p class="lead">${text.lead}</p>
${input.periodRejected ? html`<div class="notice" role="alert"><p>${text.periodRejected}</p></div>` : ''}
<form class="period" method="get" action="${citizenPaths.page}">
<fieldset>
<legend>${text.period}</legend>
<input type="hidden" name="lang" value="${language}">
<div class="field"><label for="period-from">${text.from}</label> <input type="date" id="period-from" name="from" value="${period.from ?? ''}"></div>
<div class="field"><label for="period-to">${text.to}</label> <input type="date" id="period-to" name="to" value="${period.to ?? ''}"></div>
<button type="submit">${text.show}</button>
${filtered ? html`<a href="${pageHref(citizenPaths.page, { lang: language })}">${text.all}</a>` : ''}
</fieldset>
</form>
<div class="table-scroll" role="region" aria-labelledby="records-caption-label" tabindex="0">
<span id="records-caption-label" class="visually-hidden">${text.caption}</span>
${table}
</div>
${paging}
<h2 id="download">${text.download}</h2>
<ul aria-labelledby="download">
<li><a href="${pageHref(citizenPaths.csv, { lang: language, ...period })}" download>${text.csv}</a></li>
<li><a href="${pageHref(citizenPaths.json, { lang: language, ...period })}" download>${text.json}</a></li>
</ul>
<h2>${text.about}</h2>
${text.aboutText.map((paragraph) => html`<p>${paragraph}</p>`)}`;
  return frame({ language, title: text.title, otherHref, body });
}

/** Before login: what the page is, and the way in. Pure. */
export function renderLoginPage(language: Language): Html {
  const text = t[language];
  const body = html`<h1>${text.title}</h1>
<p class="lead">${text.loginLead}</p>
<div class="actions"><a class="button" href="${pageHref(citizenPaths.login, { lang: language })}">${text.login}</a></div>
<h2>${text.about}</h2>
${text.aboutText.map((paragraph) => html`<p>${paragraph}</p>`)}`;
  return frame({
    language,
    title: text.title,
    otherHref: pageHref(citizenPaths.page, { lang: text.other.href }),
    body,
  });
}

/** When the view could not be recorded: nothing is shown unrecorded. Pure. */
export function renderUnavailable(language: Language, requestId: string): Html {
  const text = t[language];
  const body = html`<h1>${text.unavailable}</h1>
<div class="notice" role="alert"><p>${text.unavailableText}</p></div>
<p>${text.reference}: <code>${requestId}</code></p>`;
  return frame({
    language,
    title: text.unavailable,
    otherHref: pageHref(citizenPaths.page, { lang: text.other.href }),
    body,
  });
}

/** When a login has asked for the page or a download too often (HTTP 429, with Retry-After). Pure. */
export function renderRateLimited(language: Language, requestId: string, retryAfterSeconds: number): Html {
  const text = t[language];
  const body = html`<h1>${text.rateLimited}</h1>
<div class="notice" role="alert"><p>${text.rateLimitedText(retryAfterSeconds)}</p></div>
<p>${text.reference}: <code>${requestId}</code></p>
<div class="actions"><a class="button" href="${pageHref(citizenPaths.page, { lang: language })}">${text.back}</a></div>`;
  return frame({
    language,
    title: text.rateLimited,
    otherHref: pageHref(citizenPaths.page, { lang: text.other.href }),
    body,
  });
}

/** Where the page's logout ends. Pure. */
export function renderCitizenLoggedOut(language: Language): Html {
  const text = t[language];
  const body = html`<h1>${text.loggedOut}</h1>
<p>${text.loggedOutText}</p>
<div class="actions"><a class="button" href="${pageHref(citizenPaths.login, { lang: language })}">${text.login}</a></div>`;
  return frame({
    language,
    title: text.loggedOut,
    otherHref: pageHref(citizenPaths.loggedOut, { lang: text.other.href }),
    body,
  });
}

/**
 * The page's own styles on top of the gateway's: skip link, focus, the table scrolling sideways on a narrow
 * screen instead of breaking the layout (WCAG 1.4.10), outcome text in bold (colour is never the only sign).
 */
export const citizenStylesheet = `
html[lang="en"] { color: var(--ink); }
.skip-link { position: absolute; left: .5rem; top: -3rem; background: #fff; color: var(--accent); padding: .5rem 1rem; border: 2px solid var(--accent); z-index: 10; }
.skip-link:focus { top: .5rem; outline: 3px solid var(--ink); outline-offset: 2px; }
.citizen-header { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem 0; text-align: right; }
.citizen-header [lang] { color: var(--accent); }
main:focus { outline: none; }
.title-row { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; }
.title-row form { margin: 0; }
.period fieldset { border: 1px solid #c8c8c8; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: flex-end; }
.period legend { font-weight: 600; padding: 0 .25rem; }
.period .field { display: flex; flex-direction: column; }
.period input { font: inherit; padding: .4rem; border: 2px solid var(--muted); border-radius: .25rem; min-height: 2.75rem; }
.period input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.table-scroll { overflow-x: auto; }
.table-scroll:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
th[scope="row"] { font-weight: 400; white-space: nowrap; }
.unit { font-weight: 400; }
.outcome-success, .outcome-failure { font-weight: 600; }
.outcome-failure { color: var(--bad); }
.showing { font-weight: 400; }
.paging { display: flex; gap: 1.5rem; margin: .5rem 0 1rem; }
.empty { border-left: 4px solid var(--accent); padding: .25rem 1rem; }
`;
