import { createHash, timingSafeEqual } from 'node:crypto';
import { type BusinessApiVersion, createCaseManagementAdapter } from '@brygga/adapter-case-management';
import { createDispatcher, listenAdapter, type RunningAdapterService } from '@brygga/adapter-kit';

export interface RemoteAdapterServiceOptions {
  /** Default 7406; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1, so nothing is exposed by accident. */
  readonly host?: string;
  /** The key the gateway sends in `x-api-key` (its `credentials: { type: apiKey }` for this business system). */
  readonly gatewayKey: string;
  /** Where the business system's API is, e.g. `http://127.0.0.1:7402`. */
  readonly businessSystemUrl: string;
  /** The business system's own API key: it stays in this service, the gateway never holds it. */
  readonly businessSystemApiKey: string;
  /** Default v2. */
  readonly apiVersion?: BusinessApiVersion;
  /** Per attempt towards the business system. Default: connect 2 s, request 10 s. */
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number };
  /**
   * Largest call accepted, in bytes. Default: the gateway's default body limit (`server.bodyLimitBytes`, 1 MiB)
   * plus 64 KiB for the envelope around the citizen's request, so nothing the gateway let through is refused
   * here. Raise it with the gateway's limit.
   */
  readonly maxBodyBytes?: number;
  /** Told about failures of the business system, for this service's log (never the call's content). */
  readonly onError?: (error: unknown, operationId: string) => void;
}

/** The gateway's default `server.bodyLimitBytes` (packages/gateway/src/config/schema.ts). */
const gatewayBodyLimitBytes = 1024 * 1024;
/** Room for the envelope the gateway wraps the request in (context, params, JSON escaping of the body). */
const envelopeAllowanceBytes = 64 * 1024;

/**
 * The case-management adapter as its own service: the business system's owner runs it next to their system, and
 * the gateway reaches it over the remote adapter protocol (`adapter: http://…:7406` in the gateway's
 * configuration). Towards the business system it is the same adapter, on the same kit dispatcher, as when the
 * gateway loads it as a package.
 */
export async function startRemoteAdapterService(
  options: RemoteAdapterServiceOptions,
): Promise<RunningAdapterService> {
  if (!options.gatewayKey) throw new TypeError('gatewayKey is required.');
  const transport = createDispatcher({
    timeout: options.timeouts ?? { connectMs: 2_000, requestMs: 10_000 },
    breaker: { name: 'business-system' },
  });
  const adapter = createCaseManagementAdapter({
    baseUrl: options.businessSystemUrl,
    apiKey: options.businessSystemApiKey,
    apiVersion: options.apiVersion ?? 'v2',
    dispatcher: transport.dispatcher,
  });
  const expected = digest(options.gatewayKey);
  try {
    return await listenAdapter(
      {
        ...adapter,
        async close() {
          try {
            await adapter.close();
          } finally {
            await transport.close();
          }
        },
      },
      {
        port: options.port ?? 7406,
        host: options.host ?? '127.0.0.1',
        maxBodyBytes: options.maxBodyBytes ?? gatewayBodyLimitBytes + envelopeAllowanceBytes,
        // Compared as digests in constant time: neither the key nor its length leaks through timing.
        authenticate: (request) => timingSafeEqual(digest(request.headers.get('x-api-key') ?? ''), expected),
        ...(options.onError ? { onError: options.onError } : {}),
      },
    );
  } catch (error) {
    await adapter.close();
    await transport.close();
    throw error;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();
