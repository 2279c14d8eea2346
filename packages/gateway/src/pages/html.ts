import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Markup built with hono's `html` template, which escapes every interpolated value unless it is markup itself. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export { html };

/** The gateway's page frame. Styles come from /assets/brygga.css so the strict CSP (style-src 'self') holds. */
export function page(options: { title: string; body: Html; lang?: 'sv' | 'en' }): Html {
  return html`<!doctype html>
<html lang="${options.lang ?? 'sv'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="/assets/brygga.css">
</head>
<body>
<main id="main">
${options.body}
</main>
</body>
</html>`;
}
