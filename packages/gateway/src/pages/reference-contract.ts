import { type Contract, type ErrorCase, type ResolvedVersion, versionStatus } from '@brygga/contract';
import { Hono } from 'hono';
import type { GatewayEnv } from '../http/env.ts';
import { type Html, html, page } from './html.ts';

export interface ContractPagesOptions {
  readonly contracts: readonly Contract[];
  readonly now?: (() => number) | undefined;
}

const statusText = {
  active: { sv: 'Gäller', en: 'Active' },
  deprecated: { sv: 'Föråldrad', en: 'Deprecated' },
  sunset: { sv: 'Borttagen', en: 'Retired' },
} as const;

/**
 * `/reference` lists the contracts; `/reference/{contract}` is one contract's history: its versions with their
 * lifecycle (what the `Link` headers of deprecated versions point to, at `#v{version}`), what each version changed,
 * and every error case its operations can answer with (what contract problem documents' `type` points to, at
 * `#error-{code}`). Server-rendered, no script, so the default strict CSP holds.
 */
export function contractPages(options: ContractPagesOptions): Hono<GatewayEnv> {
  const contracts = new Map(options.contracts.map((contract) => [contract.name, contract]));
  const now = options.now ?? Date.now;
  const app = new Hono<GatewayEnv>();

  app.get('/reference', (c) => {
    const items = options.contracts.map(
      (contract) =>
        html`<li><a href="/reference/${contract.name}">${contract.title.sv}</a> <span lang="en">${contract.title.en}</span> (<code>${contract.name}</code>)</li>`,
    );
    const body = html`<h1>Kontrakt <span lang="en">Contracts</span></h1>
<p class="lead">Anropen mellan e-tjänster och verksamhetssystem, version för version. <span lang="en">The calls between e-services and business systems, version by version.</span></p>
<ul>${items}</ul>
<p>Maskinläsbart: <a href="/openapi"><code>/openapi</code></a>. <span lang="en">Machine-readable: /openapi.</span></p>`;
    return c.html(page({ title: 'Kontrakt – Brygga', body }));
  });

  app.get('/reference/:contract', (c) => {
    const contract = contracts.get(c.req.param('contract'));
    if (!contract) return c.notFound();
    const at = now();
    const body = html`<h1>${contract.title.sv} <span lang="en">${contract.title.en}</span></h1>
<p class="lead">${contract.description.sv} <span lang="en">${contract.description.en}</span></p>
<p>Anrop <span lang="en">Calls</span>: <code>/api/${contract.name}/…</code>. Version väljs med rubriken <code>Brygga-Version</code>; utan den gäller e-tjänstens fästa version. <span lang="en">Choose a version with the Brygga-Version header; without it, your e-service's pinned version applies.</span></p>
<h2 id="versions">Versioner <span lang="en">Versions</span></h2>
${contract.versions.map((version) => versionSection(contract, version, at))}
<h2 id="errors">Felkoder <span lang="en">Error codes</span></h2>
<p>Svar med de här koderna är problemdokument (RFC 9457) med kontraktets egna texter. <span lang="en">Answers with these codes are problem documents (RFC 9457) with the contract's own texts.</span></p>
${errorList(contract)}
<p><a href="/reference">Alla kontrakt <span lang="en">All contracts</span></a> · <a href="/problems">Brygga's felkoder <span lang="en">Brygga's error codes</span></a></p>`;
    c.header('cache-control', 'no-cache');
    return c.html(page({ title: `${contract.title.sv} – Brygga`, body }));
  });

  return app;
}

function versionSection(contract: Contract, version: ResolvedVersion, at: number): Html {
  const { status } = versionStatus(version, at);
  const text = statusText[status];
  const dates = [
    version.deprecated === undefined
      ? undefined
      : html`Föråldrad från <span lang="en">deprecated from</span> <time datetime="${version.deprecated}">${version.deprecated}</time>`,
    version.sunset === undefined
      ? undefined
      : html`slutar svara <span lang="en">stops answering</span> <time datetime="${version.sunset}">${version.sunset}</time>`,
  ].filter((part) => part !== undefined);
  const changes =
    version.changes.length === 0
      ? html`<p>Första versionen. <span lang="en">The first version.</span></p>`
      : html`<ul>${version.changes.map(
          (change) =>
            html`<li><code>${change.id}</code>: ${change.description.sv} <span lang="en">${change.description.en}</span>${
              change.sideEffects
                ? html` <strong>Ändrar beteende, inte bara form. <span lang="en">Changes behaviour, not only shape.</span></strong>`
                : ''
            }</li>`,
        )}</ul>`;
  return html`<section id="v${version.version}" aria-labelledby="h-v${version.version}">
<h3 id="h-v${version.version}"><code>${version.version}</code>${version.isHead ? html` (senaste <span lang="en">newest</span>)` : ''}: ${text.sv} <span lang="en">${text.en}</span>, ${version.stability}</h3>
${dates.length === 0 ? '' : html`<p>${dates.map((part, index) => (index === 0 ? part : html`; ${part}`))}.</p>`}
${changes}
<p><a href="/reference/${contract.name}/${version.version}">Interaktiv referens <span lang="en">Interactive reference</span></a> · <a href="/openapi/${contract.name}/${version.version}.json">OpenAPI</a></p>
</section>`;
}

function errorList(contract: Contract): Html {
  // Every code any version uses, with the first texts found, newest version first.
  const cases = new Map<string, { errorCase: ErrorCase; operations: Set<string> }>();
  for (const version of contract.versions) {
    for (const operation of version.operations.values()) {
      for (const [code, errorCase] of Object.entries(operation.errors)) {
        const entry = cases.get(code) ?? { errorCase, operations: new Set<string>() };
        entry.operations.add(operation.id);
        cases.set(code, entry);
      }
    }
  }
  const rows = [...cases].map(
    ([code, { errorCase, operations }]) =>
      html`<tr id="error-${code}"><td><code>${code}</code></td><td>${errorCase.status}</td><td>${errorCase.title.sv} <span lang="en">${errorCase.title.en}</span></td><td>${[...operations].join(', ')}</td></tr>`,
  );
  return html`<table><caption>Kod, HTTP-status, rubrik och anrop <span lang="en">Code, HTTP status, title and calls</span></caption>
<thead><tr><th scope="col">Kod <span lang="en">Code</span></th><th scope="col">Status</th><th scope="col">Rubrik <span lang="en">Title</span></th><th scope="col">Anrop <span lang="en">Calls</span></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
