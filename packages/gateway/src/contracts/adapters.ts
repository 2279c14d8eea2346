import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Adapter, Contract } from '@brygga/contract';
import type { Logger } from 'pino';
import type { BryggaConfig } from '../config/index.ts';
import type { AdapterLookup, BoundAdapter } from './routes.ts';

export type BusinessSystemConfig = BryggaConfig['businessSystems'][number];

/**
 * What an adapter package exports for the gateway: `createAdapter(system)` gets the business system's
 * configuration (base URL, credentials with their secrets resolved, time limits) and returns one adapter per
 * contract it serves.
 */
export interface AdapterPackage {
  createAdapter(
    system: BusinessSystemConfig,
    services: AdapterServices,
  ): Adapter | readonly Adapter[] | Promise<Adapter | readonly Adapter[]>;
}

/** What the gateway offers the adapters it loads. */
export interface AdapterServices {
  /** Adapters with a circuit breaker report its state here (`closed`, `open`, `halfOpen`), per business system. */
  readonly onBreakerStateChange?: (businessSystem: string, state: string) => void;
}

export interface LoadedAdapters {
  readonly lookup: AdapterLookup;
  /** Closes every adapter that has a `close`. */
  close(): Promise<void>;
}

export interface LoadAdaptersOptions {
  readonly contracts: readonly Contract[];
  readonly logger: Logger;
  /** How a package is loaded; injected in tests. */
  readonly importPackage?: (name: string) => Promise<unknown>;
  readonly services?: AdapterServices;
}

/**
 * Adapters are installed beside the deployment (the folder `brygga` runs in), not inside the gateway package, so
 * they are resolved from the working directory first, then from the gateway itself.
 */
async function importFromDeployment(name: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve(name)).href;
  } catch {
    resolved = name;
  }
  return import(resolved);
}

/**
 * Loads the adapter of every business system in the configuration. One that cannot be loaded, or that was written
 * for another head than the contract's, is left out with a warning: the gateway still starts, and calls to the
 * contracts it would serve answer 503 until it is fixed. An http(s) URL is a remote adapter (docs/remote-adapters.md):
 * its manifest is checked at start like a package's head, but a remote that does not answer is bound anyway and
 * asked again on its first call.
 */
export async function loadAdapters(
  config: BryggaConfig,
  options: LoadAdaptersOptions,
): Promise<LoadedAdapters> {
  const log = options.logger.child({ component: 'adapters' });
  const importPackage = options.importPackage ?? importFromDeployment;
  const heads = new Map(options.contracts.map((contract) => [contract.name, contract.head.version]));
  const bound = new Map<string, BoundAdapter>();
  const loaded: Adapter[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const system of config.businessSystems) {
    if (system.contracts.length === 0) continue;
    if (/^https?:/.test(system.adapter)) {
      // Loaded only when configured: the kit's transport (undici, opossum) is a noticeable part of a cold start.
      const { loadRemote } = await import('./remote-adapter-loading.ts');
      const remote = await loadRemote(system, options, log);
      closers.push(remote.close);
      for (const [contract, adapter] of remote.adapters) {
        loaded.push(adapter);
        bound.set(key(system.id, contract), { adapter, timeoutMs: system.timeouts.requestMs });
      }
      continue;
    }
    let adapters: readonly Adapter[];
    try {
      const module = (await importPackage(system.adapter)) as Partial<AdapterPackage>;
      if (typeof module.createAdapter !== 'function') throw new Error('the package exports no createAdapter');
      const created = await module.createAdapter(system, options.services ?? {});
      adapters = Array.isArray(created) ? created : [created as Adapter];
    } catch (error) {
      log.warn({ err: error }, `business system ${system.id}: adapter ${system.adapter} not loaded`);
      continue;
    }
    for (const adapter of adapters) {
      loaded.push(adapter);
      const head = heads.get(adapter.contract);
      if (!system.contracts.includes(adapter.contract) || head === undefined) {
        log.warn(
          { contract: adapter.contract },
          `business system ${system.id}: its adapter serves a contract not configured for it`,
        );
        continue;
      }
      if (adapter.contractVersion !== head) {
        // An adapter is written for one head; translating for another one would hand it shapes it does not know.
        log.warn(
          { contract: adapter.contract, version: adapter.contractVersion },
          `business system ${system.id}: the adapter was written for another head than ${head}; not used`,
        );
        continue;
      }
      bound.set(key(system.id, adapter.contract), { adapter, timeoutMs: system.timeouts.requestMs });
    }
  }
  return {
    lookup: (businessSystem, contract) => bound.get(key(businessSystem, contract)),
    async close() {
      await Promise.allSettled(loaded.map((adapter) => adapter.close?.()));
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}

const key = (businessSystem: string, contract: string) => `${businessSystem}\u0000${contract}`;
