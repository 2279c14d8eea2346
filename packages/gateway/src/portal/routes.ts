import type { Contract } from '@brygga/contract';
import { Hono } from 'hono';
import type { BryggaConfig } from '../config/index.ts';
import type { GatewayEnv } from '../http/env.ts';
import { type ReadUsageSince, recentSince, versionDeprecations } from './deprecations.ts';
import { portalPage } from './frame.ts';
import { adaptersBody, vendorsBody } from './guides.ts';
import { deprecationsBody, eServicesBody, startBody } from './pages.ts';

export interface PortalOptions {
  readonly config: BryggaConfig;
  readonly contracts: readonly Contract[];
  /** Stored usage since a UTC day; without it the deprecations page shows pinned e-services only. */
  readonly usage?: ReadUsageSince | undefined;
  readonly now: () => number;
}

/**
 * The developer portal under `/portal`: server-rendered pages, Swedish first with English, no script (the
 * gateway's strict CSP holds). E-services come straight from the configuration, without staff personal data.
 */
export function portalRoutes(options: PortalOptions): Hono<GatewayEnv> {
  const { config, contracts, now } = options;
  const app = new Hono<GatewayEnv>();

  app.get('/portal', (c) =>
    c.html(portalPage({ current: '/portal', title: 'Utvecklarportalen', body: startBody(contracts) })),
  );

  app.get('/portal/e-services', (c) =>
    c.html(
      portalPage({
        current: '/portal/e-services',
        title: 'E-tjänster',
        body: eServicesBody(config.eServices),
      }),
    ),
  );

  app.get('/portal/deprecations', async (c) => {
    const at = now();
    let rows: Awaited<ReturnType<ReadUsageSince>> | undefined;
    let usage: 'available' | 'not-configured' | 'unavailable' = 'not-configured';
    if (options.usage !== undefined) {
      try {
        rows = await options.usage(recentSince(at));
        usage = 'available';
      } catch {
        // The page is still worth showing from configuration alone; it says the counts are missing.
        usage = 'unavailable';
      }
    }
    const deprecations = versionDeprecations(contracts, config.eServices, at, rows);
    c.header('cache-control', 'no-store');
    return c.html(
      portalPage({
        current: '/portal/deprecations',
        title: 'Utfasningar',
        body: deprecationsBody(deprecations, config.eServices, usage),
      }),
    );
  });

  app.get('/portal/vendors', (c) =>
    c.html(
      portalPage({
        current: '/portal/vendors',
        title: 'Kom igång som leverantör',
        body: vendorsBody(config, contracts),
      }),
    ),
  );

  app.get('/portal/adapters', (c) =>
    c.html(
      portalPage({
        current: '/portal/adapters',
        title: 'Kom igång som adapterförfattare',
        body: adaptersBody(contracts),
      }),
    ),
  );

  return app;
}
