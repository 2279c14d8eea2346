import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Bilingual } from '../application/form.ts';

/** Markup from hono's `html` template, which escapes every interpolated value that is not markup itself. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export { html };

export const serviceName: Bilingual = { sv: 'Ansök om bygglov', en: 'Apply for a building permit' };

/** Swedish first, English after it in its own `lang`, as every text of the e-service is written. */
export function both(text: Bilingual): Html {
  return html`${text.sv} <span lang="en">${text.en}</span>`;
}

export interface PageOptions {
  /** The page's own title, before the service name; starts with "Fel:" when the page shows errors. */
  readonly title: string;
  readonly body: Html;
  /** Logged in: the navigation and the logout button (a POST carrying the CSRF token). */
  readonly csrfToken?: string | undefined;
}

/** The frame of every page: skip link, header with the service's name, main, footer. */
export function page(options: PageOptions): Html {
  const nav =
    options.csrfToken === undefined
      ? ''
      : html`<nav aria-label="Meny">
<ul>
<li><a href="/ansokan">Ny ansökan <span lang="en">New application</span></a></li>
<li><a href="/mina-arenden">Mina ärenden <span lang="en">My cases</span></a></li>
<li><form method="post" action="/logga-ut"><input type="hidden" name="csrf" value="${options.csrfToken}"><button type="submit" class="link">Logga ut <span lang="en">Log out</span></button></form></li>
</ul>
</nav>`;
  return html`<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – ${serviceName.sv} – Exempelstaden</title>
<link rel="stylesheet" href="/assets/e-tjanst.css">
</head>
<body>
<a class="skip-link" href="#main">Hoppa till innehållet <span lang="en">Skip to content</span></a>
<header class="site">
<div class="inner">
<a class="service" href="/">${serviceName.sv} <span lang="en">${serviceName.en}</span></a>
${nav}
</div>
</header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="site">
<div class="inner">
<p>Exempelstaden, stadsbyggnadsnämnden. En exempel-e-tjänst byggd på Brygga: skicka inga riktiga uppgifter. <span lang="en">An example e-service built on Brygga: do not send real information.</span></p>
</div>
</footer>
</body>
</html>`;
}

/** A page that only says something: a heading, a few paragraphs, optional actions and a reference. */
export function messagePage(options: {
  readonly title: Bilingual;
  readonly text: Bilingual;
  readonly actions?: Html | undefined;
  readonly requestId?: string | undefined;
  readonly csrfToken?: string | undefined;
  readonly alert?: boolean;
}): Html {
  const text = html`<p>${options.text.sv}</p>
<p lang="en">${options.text.en}</p>`;
  const body = html`<h1>${both(options.title)}</h1>
${options.alert ? html`<div class="notice bad" role="alert">${text}</div>` : text}
${options.actions ? html`<div class="actions">${options.actions}</div>` : ''}
${reference(options.requestId)}`;
  return page({ title: options.title.sv, body, csrfToken: options.csrfToken });
}

/** The gateway's request id, for support; shown only when there is one. */
export function reference(requestId: string | undefined): Html | string {
  return requestId === undefined
    ? ''
    : html`<p>Felkod <span lang="en">Reference</span>: <code>${requestId}</code></p>`;
}
