import { type Html, html, page } from '../pages/html.ts';

/** The portal's pages, in nav order. */
export const portalSections = [
  { path: '/portal', sv: 'Start', en: 'Start' },
  { path: '/portal/e-services', sv: 'E-tjänster', en: 'E-services' },
  { path: '/portal/deprecations', sv: 'Utfasningar', en: 'Deprecations' },
  { path: '/portal/vendors', sv: 'För leverantörer', en: 'For vendors' },
  { path: '/portal/adapters', sv: 'För adapterförfattare', en: 'For adapter authors' },
] as const;

export type PortalPath = (typeof portalSections)[number]['path'];

/**
 * A portal page: the shared frame plus a nav to every other portal page, the current one marked with
 * `aria-current` so screen readers announce where the reader is.
 */
export function portalPage(options: { current: PortalPath; title: string; body: Html }): Html {
  const links = portalSections.map((section) =>
    section.path === options.current
      ? html`<li><a href="${section.path}" aria-current="page">${section.sv} <span lang="en">${section.en}</span></a></li>`
      : html`<li><a href="${section.path}">${section.sv} <span lang="en">${section.en}</span></a></li>`,
  );
  const body = html`<nav aria-label="Utvecklarportalen (Developer portal)"><ul>${links}</ul></nav>
${options.body}
<p><a href="/reference">Kontrakt <span lang="en">Contracts</span></a> · <a href="/openapi">OpenAPI</a> · <a href="/problems">Felkoder <span lang="en">Error codes</span></a></p>`;
  return page({ title: `${options.title} – Brygga`, body });
}
