import type { Contract } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import { type Html, html } from '../pages/html.ts';
import { recentDays, type VersionDeprecation } from './deprecations.ts';

type EService = BryggaConfig['eServices'][number];

const lifecycleText = {
  development: { sv: 'Under utveckling', en: 'In development' },
  live: { sv: 'I drift', en: 'Live' },
  retired: { sv: 'Avvecklad', en: 'Retired' },
} as const;

const statusText = {
  active: { sv: 'Utfasning aviserad', en: 'Deprecation announced' },
  deprecated: { sv: 'Föråldrad', en: 'Deprecated' },
  sunset: { sv: 'Borttagen', en: 'Retired' },
} as const;

const en = (text: string) => html`<span lang="en">${text}</span>`;

export function startBody(contracts: readonly Contract[]): Html {
  return html`<h1>Utvecklarportalen <span lang="en">Developer portal</span></h1>
<p class="lead">Brygga kopplar stadens e-tjänster till verksamhetssystemen: inloggning med BankID, GDPR-loggning och versionerade kontrakt. ${en("Brygga connects the city's e-services to its business systems: BankID login, GDPR audit logging and versioned contracts.")}</p>
<h2>Det här finns <span lang="en">What is here</span></h2>
<ul>
<li><a href="/portal/e-services">E-tjänsterna</a> som använder Brygga, deras ägare och kontraktsversioner. ${en('The e-services that use Brygga, their owners and contract versions.')}</li>
<li><a href="/portal/deprecations">Utfasningar</a>: föråldrade kontraktsversioner, datum och vilka e-tjänster som fortfarande använder dem. ${en('Deprecations: outdated contract versions, their dates and the e-services still using them.')}</li>
<li><a href="/portal/vendors">Kom igång som leverantör</a> av en e-tjänst. ${en('Getting started as an e-service vendor.')}</li>
<li><a href="/portal/adapters">Kom igång som adapterförfattare</a> för ett verksamhetssystem. ${en('Getting started as the author of an adapter for a business system.')}</li>
</ul>
<h2>Kontrakt <span lang="en">Contracts</span></h2>
<ul>${contracts.map(
    (contract) =>
      html`<li><a href="/reference/${contract.name}">${contract.title.sv}</a> ${en(contract.title.en)} (<code>${contract.name}</code>), senaste version ${en('newest version')} <code>${contract.head.version}</code></li>`,
  )}</ul>`;
}

export function eServicesBody(eServices: readonly EService[]): Html {
  if (eServices.length === 0) {
    return html`<h1>E-tjänster <span lang="en">E-services</span></h1>
<p>Inga e-tjänster är registrerade i den här gatewayen. ${en('No e-services are registered in this gateway.')}</p>`;
  }
  // Owner organisation and vendor company only: the responsible person and contacts are staff personal data.
  const rows = eServices.map((eService) => {
    const lifecycle = lifecycleText[eService.lifecycle];
    return html`<tr id="e-service-${eService.id}">
<th scope="row">${eService.name.sv} ${en(eService.name.en)}<br><code>${eService.id}</code></th>
<td>${eService.description.sv}${eService.description.en === undefined ? '' : html` ${en(eService.description.en)}`}</td>
<td>${eService.owner}</td>
<td>${eService.vendor.name}</td>
<td>${lifecycle.sv} ${en(lifecycle.en)}</td>
<td>${
      eService.contracts.length === 0
        ? html`Inga ${en('None')}`
        : html`<ul>${eService.contracts.map(
            (pin) =>
              html`<li><a href="/reference/${pin.contract}#v${pin.version}"><code>${pin.contract}</code> <code>${pin.version}</code></a></li>`,
          )}</ul>`
    }</td>
</tr>`;
  });
  return html`<h1>E-tjänster <span lang="en">E-services</span></h1>
<p class="lead">E-tjänsterna som använder den här gatewayen och de kontraktsversioner de är byggda mot. ${en('The e-services that use this gateway and the contract versions they are built against.')}</p>
<table><caption>E-tjänster med ägare, leverantör, livscykel och kontrakt <span lang="en">E-services with owner, vendor, lifecycle and contracts</span></caption>
<thead><tr><th scope="col">E-tjänst <span lang="en">E-service</span></th><th scope="col">Beskrivning <span lang="en">Description</span></th><th scope="col">Ägare <span lang="en">Owner</span></th><th scope="col">Leverantör <span lang="en">Vendor</span></th><th scope="col">Livscykel <span lang="en">Lifecycle</span></th><th scope="col">Kontrakt och version <span lang="en">Contract and version</span></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function deprecationsBody(
  deprecations: readonly VersionDeprecation[],
  eServices: readonly EService[],
  usage: 'available' | 'not-configured' | 'unavailable',
): Html {
  const names = new Map(eServices.map((eService) => [eService.id, eService.name]));
  const nameOf = (id: string) => {
    const name = names.get(id);
    return name === undefined ? html`<code>${id}</code>` : html`${name.sv} (<code>${id}</code>)`;
  };
  const usageNote = {
    available: html`<p>Anrop räknas för de senaste ${recentDays} dagarna. ${en(`Calls are counted over the last ${recentDays} days.`)}</p>`,
    'not-configured': html`<p>Anropsstatistik visas inte här. ${en('Call statistics are not shown here.')}</p>`,
    unavailable: html`<p class="notice">Anropsstatistiken kunde inte läsas just nu; listan visar bara fästa versioner. ${en('Call statistics could not be read just now; the list shows pinned versions only.')}</p>`,
  }[usage];
  const sections = deprecations.map((entry) => {
    const { contract, version } = entry;
    const status = statusText[entry.status];
    const id = `${contract.name}-${version.version}`;
    const dates = [
      version.deprecated === undefined
        ? undefined
        : html`<li>Föråldrad från ${en('Deprecated from')} <time datetime="${version.deprecated}">${version.deprecated}</time></li>`,
      version.sunset === undefined
        ? undefined
        : html`<li>Slutar svara ${en('Stops answering')} <time datetime="${version.sunset}">${version.sunset}</time></li>`,
    ].filter((item) => item !== undefined);
    return html`<section aria-labelledby="h-${id}">
<h2 id="h-${id}">${contract.title.sv} ${en(contract.title.en)} <code>${version.version}</code>: ${status.sv} ${en(status.en)}</h2>
<ul>${dates}</ul>
<h3>Fästa e-tjänster <span lang="en">Pinned e-services</span></h3>
${
  entry.pinned.length === 0
    ? html`<p>Ingen e-tjänst är fäst vid versionen. ${en('No e-service is pinned to this version.')}</p>`
    : html`<ul>${entry.pinned.map((eService) => html`<li><a href="/portal/e-services#e-service-${eService.id}">${nameOf(eService.id)}</a></li>`)}</ul>`
}
${
  entry.recentCallers === undefined
    ? ''
    : html`<h3>Anropar fortfarande <span lang="en">Still calling</span></h3>
${
  entry.recentCallers.length === 0
    ? html`<p>Inga anrop de senaste ${recentDays} dagarna. ${en(`No calls in the last ${recentDays} days.`)}</p>`
    : html`<ul>${entry.recentCallers.map(
        (caller) =>
          html`<li>${nameOf(caller.eServiceId)}: ${caller.calls} anrop ${en('calls')}, senast ${en('latest')} <time datetime="${caller.lastAt}">${caller.lastAt.slice(0, 16).replace('T', ' ')} UTC</time></li>`,
      )}</ul>`
}`
}
<p><a href="/reference/${contract.name}#v${version.version}">Vad som ändrats <span lang="en">What changed</span></a></p>
</section>`;
  });
  return html`<h1>Utfasningar <span lang="en">Deprecations</span></h1>
<p class="lead">Kontraktsversioner som är föråldrade eller ska tas bort, och e-tjänsterna som måste byta version före slutdatumet. ${en('Contract versions that are deprecated or will be removed, and the e-services that must move before the end date.')}</p>
${usageNote}
${
  sections.length === 0
    ? html`<p>Ingen kontraktsversion är föråldrad. ${en('No contract version is deprecated.')}</p>`
    : sections
}`;
}
