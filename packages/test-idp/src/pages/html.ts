import { createHash } from 'node:crypto';
import type { Message } from '../messages.ts';

/**
 * The shell every page of the test IdP shares: Swedish first with English beside it (each marked with its
 * language), and the not-for-production banner. Pure string building; the only script is the QR page's
 * frame swapper (qr-page.ts).
 */

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Swedish text followed by its English version on its own line. */
export function bilingual(message: Message): string {
  return `${escapeHtml(message.sv)} <span class="en" lang="en">${escapeHtml(message.en)}</span>`;
}

// Colours are chosen for WCAG AA contrast on white (text 16:1, links and buttons > 7:1, errors > 6:1).
const css = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
.banner{background:#7a1212;color:#fff;padding:.75rem 1rem;font-weight:600}
.banner .en{font-weight:400;color:#fff}
main{max-width:42rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:1.5rem 0 1rem}
h2{font-size:1.25rem;margin:0}
.en{display:block;color:#404040;font-size:.95em}
h1 .en,h2 .en,legend .en{color:#404040}
a{color:#1d3f9e}
fieldset{border:1px solid #767676;border-radius:.25rem;margin:0 0 1.5rem;padding:.75rem 1rem 1rem}
legend{padding:0 .25rem}
.option{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.option input{margin-top:.35rem;width:1.15rem;height:1.15rem;flex:none}
.field{margin:1rem 0}
.field label{display:block;font-weight:600}
.hint{color:#404040;margin:.25rem 0}
input[type=text],select{font:inherit;padding:.4rem .5rem;border:2px solid #1a1a1a;border-radius:.25rem;width:100%;max-width:24rem}
.field-error input{border-color:#a8001c;border-width:3px}
.error-message{color:#a8001c;font-weight:600;margin:.25rem 0}
.error-summary{border:4px solid #a8001c;padding:1rem;margin:1rem 0 1.5rem}
.error-summary ul{margin:.5rem 0 0;padding-left:1.25rem}
.error-summary a{color:#a8001c;font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border-radius:.25rem;border:2px solid #1d3f9e;cursor:pointer}
button.primary{background:#1d3f9e;color:#fff}
button.secondary{background:#fff;color:#1d3f9e}
button .en{color:inherit;font-weight:400}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.message{font-size:1.15rem;border-left:4px solid #7a1212;padding-left:1rem}
code{background:#f2f2f2;padding:0 .2rem;border-radius:.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
.qr{display:block;width:14rem;height:14rem;margin:1rem 0;border:1px solid #767676}
`;

const styleHash = createHash('sha256').update(css).digest('base64');

/**
 * No script may run and no resource may load; the one inline style block is allowed by its hash. No
 * `form-action`: browsers apply it to the redirect back to the client after a form post, and the client's
 * redirect URI is on another origin.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const pageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': contentSecurityPolicy,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Not no-referrer: browsers then send `Origin: null` on our own form posts, which the origin check refuses.
  'referrer-policy': 'same-origin',
};

/** The QR page alone may load its frames (same-origin images) and the one script that swaps them. */
export const qrPageHeaders: Readonly<Record<string, string>> = {
  ...pageHeaders,
  'content-security-policy': `${contentSecurityPolicy}; img-src 'self'; script-src 'self'`,
};

export const notForProduction: Message = {
  sv: 'Test-BankID: inte riktigt BankID. Bara för utveckling och test, aldrig i produktion.',
  en: 'Test BankID: not real BankID. For development and testing only, never in production.',
};

export interface PageInput {
  /** The page's own title; the document title adds what site this is. */
  readonly title: string;
  /** Marks the document title, so a screen reader hears about errors before anything else. */
  readonly hasErrors?: boolean;
  /** Already-escaped HTML for inside `<main>`. */
  readonly main: string;
  /** Same-origin script paths; only a page served with a CSP that allows `script-src 'self'` may have any. */
  readonly scripts?: readonly string[];
}

export function renderPage(input: PageInput): string {
  const title = `${input.hasErrors ? 'Fel: ' : ''}${input.title} – Test-BankID (inte för produktion)`;
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
${(input.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
</head>
<body>
<header><p class="banner" role="note">${bilingual(notForProduction)}</p></header>
<main id="main">
${input.main}
</main>
</body>
</html>
`;
}
