import type { Contract } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import { type Html, html } from '../pages/html.ts';

const en = (text: string) => html`<span lang="en">${text}</span>`;

/** Citizen login is served only when identity providers and e-services are configured (as the landing page says). */
function loginServed(config: BryggaConfig): boolean {
  return config.identityProviders.length > 0 && config.eServices.length > 0;
}

/** A short version of docs/vendors.md, with this gateway's own addresses. */
export function vendorsBody(config: BryggaConfig, contracts: readonly Contract[]): Html {
  const base = config.server.publicUrl;
  const discovery = `${base}/oidc/.well-known/openid-configuration`;
  const head = contracts[0];
  return html`<h1>Kom igång som leverantör <span lang="en">Getting started as a vendor</span></h1>
<p class="lead">För dig som bygger en e-tjänst åt staden. E-tjänsten pratar bara med gatewayen: den loggar in invånaren, skriver GDPR-loggen och översätter anropen till verksamhetssystemet. ${en('For you who build an e-service for the city. The e-service talks to the gateway only: it logs the citizen in, writes the GDPR audit log and translates the calls to the business system.')}</p>
<h2>Den här gatewayens adresser <span lang="en">This gateway's addresses</span></h2>
<ul>
${
  loginServed(config)
    ? html`<li>Inloggning (OpenID Connect) ${en('Login (OpenID Connect)')}: <a href="${discovery}"><code>${discovery}</code></a></li>`
    : html`<li>Inloggning är inte aktiverad i den här gatewayen. ${en('Login is not enabled on this gateway.')}</li>`
}
<li>OpenAPI 3.1 för varje kontraktsversion ${en('for every contract version')}: <a href="${base}/openapi"><code>${base}/openapi</code></a></li>
<li>Kontrakt, versioner och ändringar ${en('Contracts, versions and changes')}: <a href="${base}/reference"><code>${base}/reference</code></a></li>
<li>Felkoder ${en('Error codes')}: <a href="${base}/problems"><code>${base}/problems</code></a></li>
</ul>
<h2>Steg för steg <span lang="en">Step by step</span></h2>
<ol>
<li>Registrera e-tjänsten i <code>brygga.config.yaml</code> under <code>eServices:</code> som OpenID Connect-klient, med kontrakten den använder (var och en fäst vid en version) och ändamålen (behandlingar enligt GDPR). Kontrollera med <code>pnpm brygga config check</code>. ${en('Register the e-service under eServices: as an OpenID Connect client, with its contracts (each pinned to a version) and purposes; check with pnpm brygga config check.')}</li>
<li>Starta den lokala miljön med <code>pnpm dev</code>: gatewayen, en test-BankID och ett exempelsystem för ärenden. ${en('Start the local stack with pnpm dev: the gateway, a test BankID and an example case-management system.')}</li>
<li>Logga in en testperson och gör första anropet med <code>@brygga/sdk</code> (exemplet <code>packages/sdk/examples/first-call.ts</code>). ${en('Log a test person in and make the first call with @brygga/sdk (the example first-call.ts).')}</li>
<li>Testa utan gateway med <code>@brygga/sdk/testing</code>, som spelar gatewayen i dina tester. ${en('Test without a gateway with @brygga/sdk/testing, which plays the gateway in your tests.')}</li>
</ol>
<h2>Versioner <span lang="en">Versions</span></h2>
<p>Varje anrop skickar versionen e-tjänsten är byggd mot i rubriken <code>Brygga-Version</code>; utan den gäller den fästa versionen. Föråldrade versioner svarar med rubrikerna <code>Deprecation</code> och <code>Sunset</code>; se <a href="/portal/deprecations">utfasningarna</a>. ${en('Every call sends the version the e-service is built against in the Brygga-Version header; without it the pinned version applies. Deprecated versions answer with Deprecation and Sunset headers; see the deprecations page.')}</p>
${
  head === undefined
    ? ''
    : html`<p>Till exempel ${en('For example')}: <a href="/reference/${head.name}/${head.head.version}">${head.title.sv} <code>${head.head.version}</code></a>, <a href="/openapi/${head.name}/${head.head.version}.json"><code>/openapi/${head.name}/${head.head.version}.json</code></a>.</p>`
}
<h2>Andra språk <span lang="en">Other languages</span></h2>
<p>Utan TypeScript: generera en klient från OpenAPI-dokumentet för din version och skicka samma rubriker. Fel kommer som problemdokument (RFC 9457). ${en('Without TypeScript: generate a client from the OpenAPI document of your version and send the same headers. Errors come as problem documents (RFC 9457).')}</p>
<p>Hela guiden ${en('The full guide')}: <code>docs/vendors.md</code> i Brygga-förrådet ${en('in the Brygga repository')}.</p>`;
}

const adapterInterface = `interface Adapter {
  readonly contract: string;        // e.g. 'case-management'
  readonly contractVersion: string; // the contract head it was written for
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  readonly ready?: (signal: AbortSignal) => Promise<void>;
  readonly close?: () => Promise<void>;
}

type OperationHandler = (request: RequestValue, context: AdapterContext) => Promise<AdapterResult>;

// What an adapter package exports:
export function createAdapter(system: BusinessSystemConfig): Adapter | readonly Adapter[] | Promise<…>;`;

const adapterConfig = `businessSystems:
  - id: arende
    name: Ärendehantering
    owner: Stadsbyggnadsförvaltningen
    adapter: "@brygga/adapter-case-management"
    baseUrl: https://arende.exempel.se
    contracts: [case-management]
    credentials: { type: apiKey, key: { env: BRYGGA_ARENDE_API_KEY } }`;

/** How to write an adapter: the interface from @brygga/contract, the case-management adapter, how loading works. */
export function adaptersBody(contracts: readonly Contract[]): Html {
  return html`<h1>Kom igång som adapterförfattare <span lang="en">Getting started as an adapter author</span></h1>
<p class="lead">En adapter är ett verksamhetssystems implementation av ett kontrakt. Den skrivs en gång, för kontraktets senaste version: gatewayen översätter äldre versioner. ${en("An adapter is a business system's implementation of one contract. It is written once, for the contract's newest (head) version: the gateway translates older versions.")}</p>
<h2>Gränssnittet <span lang="en">The interface</span></h2>
<p>Från <code>@brygga/contract</code>. Gatewayen har redan validerat anropet och översatt det till senaste versionen; svaret kontrolleras mot kontraktet. ${en('From @brygga/contract. The gateway has already validated the call and migrated it to the head version; the answer is checked against the contract.')}</p>
<pre><code>${adapterInterface}</code></pre>
<ul>
<li>Ett av operationens deklarerade fel ${en("One of the operation's declared errors")}: <code>throw new OperationError('case_not_found')</code>. Allt annat som kastas räknas som verksamhetssystemets fel (502, 503, 504). ${en("Anything else thrown counts as the business system's failure.")}</li>
<li>Personnumret finns i <code>context.citizen</code> och får bara skickas till verksamhetssystemet, aldrig loggas. ${en('The personnummer in context.citizen goes to the business system only and must never be logged.')}</li>
<li>Skicka vidare <code>context.signal</code>, <code>context.traceparent</code> och <code>context.idempotencyKey</code>. ${en('Pass on the signal, traceparent and idempotency key.')}</li>
</ul>
<h2>Exemplet <span lang="en">The example</span></h2>
<p><code>@brygga/adapter-case-management</code> (<code>packages/adapters/case-management</code>) kopplar kontraktet <code>case-management</code> till ett ärendesystems REST-API: dess README visar vad som mappas till vad, hur invånaren identifieras och hur fel översätts. ${en("It connects the case-management contract to a case system's REST API; its README shows what maps to what, who the citizen is and how errors are translated.")}</p>
<h2>Så laddar gatewayen adaptrar <span lang="en">How the gateway loads adapters</span></h2>
<p>Varje verksamhetssystem i konfigurationen namnger ett paket under <code>adapter</code>. Vid start importeras paketet, först från katalogen gatewayen körs i, och dess <code>createAdapter</code> får systemets inställningar med hemligheterna upplösta. ${en("Each business system in the configuration names a package under adapter. At start the package is imported, first from the folder the gateway runs in, and its createAdapter gets the system's settings with secrets resolved.")}</p>
<pre><code>${adapterConfig}</code></pre>
<p>En adapter som inte kan laddas, eller som skrevs för en annan version än kontraktets senaste, utelämnas med en varning: gatewayen startar ändå och anropen svarar 503 tills det är rättat. ${en("An adapter that cannot be loaded, or that was written for another version than the contract's head, is left out with a warning: the gateway still starts and its calls answer 503 until fixed.")}</p>
<h2>Kontraktens senaste versioner <span lang="en">The contracts' head versions</span></h2>
<ul>${contracts.map(
    (contract) =>
      html`<li><code>${contract.name}</code>: <a href="/reference/${contract.name}/${contract.head.version}"><code>${contract.head.version}</code></a></li>`,
  )}</ul>`;
}
