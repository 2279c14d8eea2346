import { Hono } from 'hono';
import type { BryggaConfig } from '../config/index.ts';
import type { ContractEntry } from '../contracts/registry.ts';
import { registerToCsv } from './csv.ts';
import { registerCatalog, registerPaths } from './dcat.ts';
import { processingRecordPage } from './processing-page.ts';
import { buildRecordOfProcessing } from './processing-record.ts';
import { buildRegister, type StatusLookup } from './register.ts';
import { registerJsonSchema } from './register-schema.ts';

export interface RegistryRoutesOptions {
  readonly config: BryggaConfig;
  readonly contracts: readonly ContractEntry[];
  /** Live status per e-service; every e-service is "unknown" without it. */
  readonly status?: StatusLookup | undefined;
  /** The clock, injected so tests can fix contract lifecycles and timestamps. */
  readonly now?: (() => Date) | undefined;
}

// Short enough that a status change shows within a minute, long enough that a harvester polling cannot load us.
const cacheControl = 'public, max-age=60';
// Open data: any site may read it from a browser. Nothing here depends on cookies, so no credentials are allowed.
const openData = { 'cache-control': cacheControl, 'access-control-allow-origin': '*' };

/**
 * The public, read-only open-data routes: the e-service register (JSON, CSV, DCAT-AP catalogue, JSON Schema) and
 * the GDPR art. 30 record of processing (JSON and a readable page).
 *
 *     app.route('/', registryRoutes({ config, contracts: builtInContracts }));
 */
export function registryRoutes(options: RegistryRoutesOptions): Hono {
  const { config, contracts, status } = options;
  const now = options.now ?? (() => new Date());
  const register = () => buildRegister(config, { contracts, now: now(), status });
  const url = (path: string) => `${config.server.publicUrl}${path}`;
  const app = new Hono();

  app.get(registerPaths.json, (c) =>
    c.body(json(register()), 200, { ...openData, 'content-type': 'application/json; charset=utf-8' }),
  );
  app.get(registerPaths.csv, (c) =>
    // header=present (RFC 4180 §3) tells a reader the first row names the columns.
    c.body(registerToCsv(register()), 200, {
      ...openData,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'inline; filename="e-tjanster.csv"',
    }),
  );
  app.get(registerPaths.catalog, (c) =>
    c.body(
      json(
        registerCatalog(register(), {
          publicUrl: config.server.publicUrl,
          contact: config.organisation?.contact,
        }),
      ),
      200,
      { ...openData, 'content-type': 'application/ld+json; charset=utf-8' },
    ),
  );
  app.get(registerPaths.schema, (c) =>
    c.body(json(registerJsonSchema(url(registerPaths.schema))), 200, {
      ...openData,
      'content-type': 'application/schema+json; charset=utf-8',
    }),
  );
  app.get('/processing-record', (c) =>
    c.body(json(buildRecordOfProcessing(config, { now: now() })), 200, {
      ...openData,
      'content-type': 'application/json; charset=utf-8',
    }),
  );
  app.get('/processing-record.html', (c) => {
    c.header('cache-control', cacheControl);
    return c.html(processingRecordPage(buildRecordOfProcessing(config, { now: now() })));
  });

  return app;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
