import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { BryggaConfig } from '../config/index.ts';
import type { GatewayEnv } from '../http/env.ts';
import { referencePages } from '../pages/reference.ts';
import { contractPages } from '../pages/reference-contract.ts';
import type { Store } from '../storage/index.ts';
import { type AdapterServices, loadAdapters } from './adapters.ts';
import { basicChallenge, basicCredentialsCaller } from './basic-caller.ts';
import type { ResolveCaller, ResolveCitizen } from './caller.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { builtInContracts, type ContractEntry } from './registry.ts';
import { type AdapterLookup, type ContractRoutesOptions, contractRoutes } from './routes.ts';
import { createUsageRecorder } from './usage/recorder.ts';

export interface ContractsRuntimeOptions {
  readonly config: BryggaConfig;
  readonly store: Store;
  readonly logger: Logger;
  /** Default: the contracts this build knows. */
  readonly contracts?: readonly ContractEntry[] | undefined;
  /** Default: the adapters the configuration names, loaded from their packages. */
  readonly adapters?: AdapterLookup | undefined;
  /** Default (temporary, until access tokens): HTTP Basic with the e-service's client id and secret. */
  readonly resolveCaller?: ResolveCaller | undefined;
  /** Default: none, so operations that act for a citizen answer 401 until citizen sessions are wired in. */
  readonly resolveCitizen?: ResolveCitizen | undefined;
  readonly now?: (() => number) | undefined;
  /** Handed to every adapter the configuration names. */
  readonly adapterServices?: AdapterServices;
  /** Called for every call that reached a business system, before it is answered (the audit log). */
  readonly onProcessed?: ContractRoutesOptions['onProcessed'];
  /** The durable outbox's acceptance (src/outbox); without it every call is synchronous. */
  readonly enqueue?: ContractRoutesOptions['enqueue'];
}

export interface ContractsRuntime {
  /** The adapters the routes call, for the outbox's deliveries to reuse. */
  readonly adapters: AdapterLookup;
  /** Writes the last usage counts and closes the adapters; call after the last request, before the store closes. */
  close(): Promise<void>;
}

/**
 * Serves the versioned contracts from a running gateway: the calls under `/api/{contract}/…`, their OpenAPI
 * documents under `/openapi`, and the reference pages under `/reference`; records usage in the store.
 */
export async function mountContracts(
  app: Hono<GatewayEnv>,
  options: ContractsRuntimeOptions,
): Promise<ContractsRuntime> {
  const { config, logger } = options;
  const entries = options.contracts ?? builtInContracts;
  const contracts = entries.map((entry) => entry.contract);
  warnAboutPins(config, entries, logger);
  const loaded = options.adapters
    ? undefined
    : await loadAdapters(config, {
        contracts,
        logger,
        ...(options.adapterServices ? { services: options.adapterServices } : {}),
      });
  const recorder = createUsageRecorder({ store: options.store, logger });
  const publicUrl = config.server.publicUrl;
  const adapters = options.adapters ?? loaded?.lookup ?? (() => undefined);
  app.route(
    '/',
    contractRoutes({
      contracts,
      eServices: config.eServices,
      adapters,
      resolveCaller: options.resolveCaller ?? basicCredentialsCaller(config.eServices),
      resolveCitizen: options.resolveCitizen,
      recordUsage: recorder.record,
      onProcessed: options.onProcessed,
      enqueue: options.enqueue,
      now: options.now,
      challenge: options.resolveCaller ? undefined : basicChallenge,
      links: (contract, version) => {
        const page = `${publicUrl}/reference/${contract}#v${version}`;
        return { deprecation: page, sunset: page };
      },
    }),
  );
  app.route('/', openApiRoutes({ contracts: entries, publicUrl, now: options.now }));
  app.route('/', referencePages({ contracts }));
  app.route('/', contractPages({ contracts, now: options.now }));
  return {
    adapters,
    async close() {
      try {
        await recorder.close();
      } finally {
        await loaded?.close();
      }
    },
  };
}

/** A pin to a contract or version this build does not have is a configuration mistake worth a line at start. */
function warnAboutPins(config: BryggaConfig, entries: readonly ContractEntry[], logger: Logger): void {
  const byName = new Map(entries.map((entry) => [entry.contract.name, entry.contract]));
  for (const eService of config.eServices) {
    for (const pin of eService.contracts) {
      if (!byName.get(pin.contract)?.resolve(pin.version)) {
        logger.warn(
          { component: 'contracts', eservice: eService.id, contract: pin.contract, version: pin.version },
          'an e-service is pinned to a contract version this gateway does not have; its calls answer 400',
        );
      }
    }
  }
}
