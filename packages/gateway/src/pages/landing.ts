import { connect } from 'node:net';
import { Hono } from 'hono';
import type { BryggaConfig } from '../config/index.ts';
import { type Html, html, page } from './html.ts';
import { stylesheet } from './styles.ts';

/** Whether a linked service answers right now. Injected so the page is tested without the network. */
export type Probe = (url: string) => Promise<boolean>;

export interface LandingOptions {
  readonly config: BryggaConfig;
  readonly probe?: Probe;
}

interface Linked {
  readonly name: string;
  readonly kind: { sv: string; en: string };
  readonly url: string;
  readonly probeUrl: string;
}

/**
 * Answers within a short time, or counts as down: the page must render fast even when a service hangs. A mail
 * server (smtp:// or smtps://) counts as up when it accepts a TCP connection.
 */
export const httpProbe: Probe = async (url) => {
  if (/^smtps?:/.test(url)) return tcpProbe(url);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(800), redirect: 'manual' });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
};

function tcpProbe(url: string): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({
      host: hostname.replace(/^\[|\]$/g, ''),
      port: Number(port || (protocol === 'smtps:' ? 465 : 25)),
    });
    socket.setTimeout(800);
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** The services the configuration links to, each with the address a person opens and the one we check. */
export function linkedServices(config: BryggaConfig): Linked[] {
  return [
    ...config.identityProviders.map((provider) => ({
      name: provider.name,
      kind: { sv: 'Inloggning (identitetsleverantör)', en: 'Login (identity provider)' },
      url: provider.issuer,
      probeUrl: `${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    })),
    ...config.businessSystems.map((system) => ({
      name: system.name,
      kind: { sv: 'Verksamhetssystem', en: 'Business system' },
      url: system.baseUrl,
      probeUrl: system.baseUrl,
    })),
    ...config.eServices.flatMap((service) => {
      const first = service.client.redirectUris[0];
      if (!first) return [];
      const origin = new URL(first).origin;
      return [
        { name: service.name.sv, kind: { sv: 'E-tjänst', en: 'E-service' }, url: origin, probeUrl: origin },
      ];
    }),
  ];
}

/** The gateway's front page: what it is, and what it is connected to, checked live. */
export function landingRoutes(options: LandingOptions): Hono {
  const probe = options.probe ?? httpProbe;
  const app = new Hono();

  app.get('/assets/brygga.css', (c) =>
    c.body(stylesheet, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  );

  app.get('/', async (c) => {
    // In production the page names no internal addresses and makes no outbound calls on a visitor's behalf.
    const services = options.config.environment === 'production' ? [] : linkedServices(options.config);
    const states = await Promise.all(services.map((service) => probe(service.probeUrl)));
    const rows = services.map((service, index) => row(service, states[index] === true));
    const body = html`
<h1>Brygga</h1>
<p class="lead">Integrationsplattform för stadens e-tjänster. <span lang="en">Integration gateway for the city's e-services.</span></p>

<h2 id="connected">Anslutet just nu <span lang="en">Connected right now</span></h2>
${
  options.config.environment === 'production'
    ? html`<p>Listan visas bara i utvecklings- och testmiljö. <span lang="en">The list is shown in development and test only.</span></p>`
    : services.length === 0
      ? html`<p>Inga tjänster är konfigurerade ännu. <span lang="en">No services are configured yet.</span></p>`
      : html`<table aria-describedby="connected">
<caption>Tjänster i konfigurationen och om de svarar <span lang="en">Services in the configuration and whether they answer</span></caption>
<thead><tr><th scope="col">Namn <span lang="en">Name</span></th><th scope="col">Typ <span lang="en">Kind</span></th><th scope="col">Adress <span lang="en">Address</span></th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}

<h2>Gatewayens egna adresser <span lang="en">The gateway's own addresses</span></h2>
<ul>
<li><a href="/health/live"><code>/health/live</code></a>: processen är igång. <span lang="en">The process is running.</span></li>
<li><a href="/health/ready"><code>/health/ready</code></a>: redo att ta emot anrop (databasen svarar). <span lang="en">Ready for calls (the database answers).</span></li>
<li><a href="/portal"><code>/portal</code></a>: utvecklarportalen, för leverantörer och adapterförfattare. <span lang="en">The developer portal, for vendors and adapter authors.</span></li>
<li><a href="/register"><code>/register</code></a> (<a href="/register.csv">CSV</a>, <a href="/register/catalog.jsonld">DCAT-AP</a>): e-tjänstregistret som öppna data. <span lang="en">The e-service register as open data.</span></li>
<li><a href="/processing-record.html"><code>/processing-record.html</code></a>: registret över behandlingar (GDPR art. 30). <span lang="en">The record of processing activities (GDPR Art. 30).</span></li>
<li><a href="/reference"><code>/reference</code></a>: kontrakten, deras versioner och ändringar. <span lang="en">The contracts, their versions and changes.</span></li>
<li><a href="/openapi"><code>/openapi</code></a>: OpenAPI 3.1 för varje kontraktsversion. <span lang="en">OpenAPI 3.1 for every contract version.</span></li>
<li><a href="/problems"><code>/problems</code></a>: felkoderna och vad de betyder. <span lang="en">The error codes and what they mean.</span></li>
${
  options.config.identityProviders.length > 0 && options.config.eServices.length > 0
    ? html`<li><a href="/oidc/.well-known/openid-configuration"><code>/oidc</code></a>: inloggning för e-tjänster (OpenID Connect). <span lang="en">Login for e-services (OpenID Connect).</span></li>
<li><a href="/mina-uppgifter"><code>/mina-uppgifter</code></a>: se vem som har använt dina uppgifter (efter inloggning). <span lang="en">See who used your data (after login).</span></li>`
    : ''
}
</ul>
<p>Miljö <span lang="en">Environment</span>: <code>${options.config.environment}</code></p>`;
    c.header('cache-control', 'no-store');
    return c.html(page({ title: 'Brygga', body }));
  });

  return app;
}

function row(service: Linked, up: boolean): Html {
  return html`<tr>
<td>${service.name}</td>
<td>${service.kind.sv} <span lang="en">${service.kind.en}</span></td>
<td><a href="${service.url}">${service.url}</a></td>
<td>${
    up
      ? html`<span class="status-up">Svarar <span lang="en">Answers</span></span>`
      : html`<span class="status-down">Svarar inte <span lang="en">Not answering</span></span>`
  }</td>
</tr>`;
}
