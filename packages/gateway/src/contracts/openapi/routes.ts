import { type Contract, versionStatus } from '@brygga/contract';
import { Hono } from 'hono';
import type { GatewayEnv } from '../../http/env.ts';
import type { ContractEntry } from '../registry.ts';
import type { OpenApiDocument } from './document.ts';

export interface OpenApiRoutesOptions {
  readonly contracts: readonly ContractEntry[];
  /** The gateway's public URL, written into the documents' `servers`. */
  readonly publicUrl?: string | undefined;
  readonly now?: (() => number) | undefined;
}

/** What `/openapi` lists for one version. */
export interface VersionListing {
  readonly version: string;
  readonly status: 'active' | 'deprecated' | 'sunset';
  readonly stability: string;
  readonly head: boolean;
  readonly deprecated?: string;
  readonly sunset?: string;
  readonly openapi: string;
  readonly reference: string;
}

/**
 * The OpenAPI 3.1 document of every (contract, version) at `/openapi/{contract}/{version}.json`, and an index at
 * `/openapi` listing contracts, versions, their lifecycle and links. Documents are generated from the contracts on
 * first request (the generator is loaded then too, so a gateway that nobody asks for documents starts faster)
 * and kept.
 */
export function openApiRoutes(options: OpenApiRoutesOptions): Hono<GatewayEnv> {
  const entries = new Map(options.contracts.map((entry) => [entry.contract.name, entry]));
  const now = options.now ?? Date.now;
  const served = new Map<string, OpenApiDocument>();
  const app = new Hono<GatewayEnv>();

  app.get('/openapi', (c) =>
    c.json(
      {
        contracts: options.contracts.map(({ contract }) => ({
          name: contract.name,
          title: contract.title,
          description: contract.description,
          api: `/api/${contract.name}`,
          reference: `/reference/${contract.name}`,
          versions: listVersions(contract, now()),
        })),
      },
      200,
      { 'Cache-Control': 'no-cache' },
    ),
  );

  app.get('/openapi/:contract/:file{[0-9]{4}-[0-9]{2}-[0-9]{2}\\.json}', async (c) => {
    const entry = entries.get(c.req.param('contract'));
    const version = entry?.contract.resolve(c.req.param('file').slice(0, -'.json'.length));
    if (!entry || !version) return c.notFound();
    const key = `${entry.contract.name}/${version.version}`;
    let document = served.get(key);
    if (!document) {
      const { openApiDocument, servedDocument } = await import('./document.ts');
      document = servedDocument(openApiDocument(entry, version.version), entry.contract, version, {
        publicUrl: options.publicUrl,
      });
      served.set(key, document);
    }
    return c.json(document, 200, { 'Cache-Control': 'no-cache' });
  });

  return app;
}

/** The versions of a contract with their lifecycle at `now` and where their documents are, newest first. Pure. */
export function listVersions(contract: Contract, now: number): VersionListing[] {
  return contract.versions.map((version) => ({
    version: version.version,
    status: versionStatus(version, now).status,
    stability: version.stability,
    head: version.isHead,
    ...(version.deprecated === undefined ? {} : { deprecated: version.deprecated }),
    ...(version.sunset === undefined ? {} : { sunset: version.sunset }),
    openapi: `/openapi/${contract.name}/${version.version}.json`,
    reference: `/reference/${contract.name}/${version.version}`,
  }));
}
