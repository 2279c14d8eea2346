import {
  apiKeyHeader,
  createDispatcher,
  type DispatcherOptions,
  oauthClientCredentials,
  RemoteAdapterError,
  remoteAdapter,
} from '@brygga/adapter-kit';
import type { Adapter } from '@brygga/contract';
import type { Logger } from 'pino';
import type { AdapterServices, BusinessSystemConfig, LoadAdaptersOptions } from './adapters.ts';

/**
 * A remote adapter serves one contract of the business system through one transport (so one circuit breaker per
 * business system, as for a package). A manifest for another contract or head leaves the contract unbound; a
 * remote that does not answer at start is bound anyway: the gateway starts, and the first call asks again.
 */
export async function loadRemote(
  system: BusinessSystemConfig,
  options: LoadAdaptersOptions,
  log: Logger,
): Promise<{ adapters: Map<string, Adapter>; close: () => Promise<void> }> {
  const adapters = new Map<string, Adapter>();
  let transport: ReturnType<typeof createDispatcher>;
  try {
    transport = createDispatcher(remoteTransport(system, options.services ?? {}));
  } catch (error) {
    log.warn({ err: error }, `business system ${system.id}: remote adapter not loaded`);
    return { adapters, close: async () => {} };
  }
  for (const name of system.contracts) {
    const contract = options.contracts.find((known) => known.name === name);
    if (contract === undefined) {
      log.warn({ contract: name }, `business system ${system.id}: no such contract for its remote adapter`);
      continue;
    }
    const adapter = remoteAdapter({
      baseUrl: system.adapter,
      contract,
      dispatcher: transport.dispatcher,
      manifestTimeoutMs: system.timeouts.requestMs,
    });
    try {
      await adapter.manifest();
    } catch (error) {
      if (error instanceof RemoteAdapterError && error.failure === 'incompatible') {
        // The message names contracts and versions only, never anything the remote sent beyond them.
        log.warn(
          { contract: name, reason: error.message },
          `business system ${system.id}: remote adapter not used`,
        );
        continue;
      }
      log.warn(
        { contract: name, err: error },
        `business system ${system.id}: remote adapter did not answer at start; it is asked again on the first call`,
      );
    }
    adapters.set(name, adapter);
  }
  return { adapters, close: () => transport.close() };
}

/** The way to a remote adapter, built from the business system's configuration as a package's would be. */
function remoteTransport(system: BusinessSystemConfig, services: AdapterServices): DispatcherOptions {
  const credentials = system.credentials;
  return {
    timeout: { connectMs: system.timeouts.connectMs, requestMs: system.timeouts.requestMs },
    breaker: {
      name: system.id,
      ...(services.onBreakerStateChange ? { onStateChange: services.onBreakerStateChange } : {}),
    },
    ...(credentials.type === 'apiKey'
      ? { auth: apiKeyHeader({ header: credentials.header, value: credentials.key }) }
      : {}),
    ...(credentials.type === 'oauthClientCredentials'
      ? {
          auth: oauthClientCredentials({
            tokenUrl: credentials.tokenUrl,
            clientId: credentials.clientId,
            clientSecret: credentials.clientSecret,
            ...(credentials.scope ? { scope: credentials.scope } : {}),
          }),
        }
      : {}),
    ...(credentials.type === 'mutualTls'
      ? {
          mutualTls: {
            cert: credentials.certificate,
            key: credentials.privateKey,
            ...(credentials.ca ? { ca: credentials.ca } : {}),
          },
        }
      : {}),
  };
}
