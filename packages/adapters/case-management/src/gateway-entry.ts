import { type BreakerState, createDispatcher } from '@brygga/adapter-kit';
import type { BusinessApiVersion, CaseManagementAdapter } from './adapter.ts';
import { createCaseManagementAdapter } from './adapter.ts';

/** The parts of the gateway's `businessSystems[]` entry this adapter reads. */
export interface BusinessSystemEntry {
  readonly id: string;
  readonly baseUrl: string;
  readonly credentials: { readonly type: string; readonly key?: string };
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number };
}

/** What the gateway offers the adapters it loads. */
export interface GatewayServices {
  /** Told whenever the business system's circuit breaker changes state (for metrics and health). */
  readonly onBreakerStateChange?: (businessSystem: string, state: BreakerState) => void;
}

const apiVersions: readonly BusinessApiVersion[] = ['v1', 'v2'];

/**
 * What the gateway calls to load this adapter for a configured business system. Reads `credentials` (type
 * `apiKey`: the business system's API key, sent as a bearer token) and `options.apiVersion` (`v1` or `v2`,
 * default `v2`): moving the business system from v1 to v2 is this one setting; e-services are untouched.
 */
export function createAdapter(
  system: BusinessSystemEntry,
  services: GatewayServices = {},
): CaseManagementAdapter {
  if (system.credentials.type !== 'apiKey' || !system.credentials.key) {
    throw new Error(
      `business system ${system.id}: the case-management adapter needs credentials of type apiKey`,
    );
  }
  const apiVersion = system.options?.apiVersion ?? 'v2';
  if (!apiVersions.includes(apiVersion as BusinessApiVersion)) {
    throw new Error(`business system ${system.id}: options.apiVersion must be v1 or v2`);
  }
  // The kit's transport: per-attempt time limits from the configuration, retries of idempotent calls only (reads,
  // and creates carrying an Idempotency-Key), and one circuit breaker per business system.
  const transport = createDispatcher({
    timeout: system.timeouts ?? { connectMs: 2_000, requestMs: 10_000 },
    breaker: {
      name: system.id,
      ...(services.onBreakerStateChange ? { onStateChange: services.onBreakerStateChange } : {}),
    },
  });
  const adapter = createCaseManagementAdapter({
    baseUrl: system.baseUrl,
    apiKey: system.credentials.key,
    apiVersion: apiVersion as BusinessApiVersion,
    dispatcher: transport.dispatcher,
  });
  return {
    ...adapter,
    async close() {
      try {
        await adapter.close();
      } finally {
        await transport.close();
      }
    },
  };
}
