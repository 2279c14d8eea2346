import { errorCatalogue, errorCodes, problemType } from '@brygga/contract';
import { Hono } from 'hono';
import { html, page } from './html.ts';

/**
 * Makes every problem `type` URI dereferenceable (RFC 9457 §3.1.1): `/problems/not-found` explains the
 * `not_found` code to a person, in Swedish and English. `/problems` lists them all.
 */
export function problemPages(): Hono {
  const app = new Hono();
  const bySlug = new Map(errorCodes.map((code) => [problemType(code), code]));

  app.get('/problems', (c) => {
    const rows = errorCodes.map((code) => {
      const { status, title } = errorCatalogue[code];
      return html`<tr><td><a href="${problemType(code)}"><code>${code}</code></a></td><td>${status}</td><td>${title.sv} <span lang="en">${title.en}</span></td></tr>`;
    });
    const body = html`<h1>Felkoder <span lang="en">Error codes</span></h1>
<p>Alla fel från Brygga är problemdokument (RFC 9457) med en stabil kod. <span lang="en">Every error from Brygga is a problem document (RFC 9457) with a stable code.</span></p>
<table><caption>Koder, HTTP-status och rubrik <span lang="en">Codes, HTTP status and title</span></caption>
<thead><tr><th scope="col">Kod <span lang="en">Code</span></th><th scope="col">Status</th><th scope="col">Rubrik <span lang="en">Title</span></th></tr></thead>
<tbody>${rows}</tbody></table>`;
    return c.html(page({ title: 'Felkoder – Brygga', body }));
  });

  app.get('/problems/:slug', (c) => {
    const code = bySlug.get(`/problems/${c.req.param('slug')}`);
    if (code === undefined) return c.notFound();
    const { status, title } = errorCatalogue[code];
    const body = html`<h1><code>${code}</code></h1>
<p>HTTP ${status}</p>
<h2>Svenska</h2><p>${title.sv}</p>
<h2 lang="en">English</h2><p lang="en">${title.en}</p>
<p><a href="/problems">Alla felkoder <span lang="en">All error codes</span></a></p>`;
    return c.html(page({ title: `${code} – Brygga`, body }));
  });

  return app;
}
