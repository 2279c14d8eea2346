import type { Adapter, OperationHandler } from '@brygga/contract';
import { type CaseOperationId, caseManagement } from '@brygga/contract-case-management';
import type { Dispatcher } from 'undici';
import type { ApiDialect } from './business/business-case.ts';
import { v1 } from './business/v1.ts';
import { v2 } from './business/v2.ts';
import { BusinessSystemError } from './errors.ts';
import { type BusinessRequest, createBusinessClient, unexpectedResponse } from './http/business-client.ts';
import { caseManagementHandlers } from './operations.ts';

export type BusinessApiVersion = 'v1' | 'v2';

export interface CaseManagementAdapterOptions {
  /** The business system's base URL, e.g. `http://127.0.0.1:7402`. */
  readonly baseUrl: string;
  /** The business system's API key, sent as a Bearer token. */
  readonly apiKey: string;
  /** Which business API to speak. Switching it is the whole of a move from v1 to v2: e-services see no change. */
  readonly apiVersion: BusinessApiVersion;
  /** Default: a keep-alive undici `Pool` for the base URL, closed by `close()`. An injected one is left open. */
  readonly dispatcher?: Dispatcher;
  /** The most bytes of a business-system response read; a longer one is a `bad_response`. Default 10 MiB. */
  readonly maxResponseBytes?: number;
}

/** An {@link Adapter} whose handlers, readiness check and close are all there, so callers need no checks. */
export interface CaseManagementAdapter extends Adapter {
  readonly handlers: Readonly<Record<CaseOperationId, OperationHandler>>;
  ready(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

const dialects: Readonly<Record<BusinessApiVersion, ApiDialect>> = { v1, v2 };

/**
 * The case-management contract, at its head version, served by the example business system.
 *
 * @example
 * const adapter = createCaseManagementAdapter({ baseUrl, apiKey, apiVersion: 'v2' });
 * const { body } = await adapter.handlers.getCase({ params: { caseId }, query: {}, body: undefined }, context);
 */
export function createCaseManagementAdapter(options: CaseManagementAdapterOptions): CaseManagementAdapter {
  // Messages name the option, never its value: the API key must not reach a log.
  const dialect = Object.hasOwn(dialects, options.apiVersion) ? dialects[options.apiVersion] : undefined;
  if (dialect === undefined) throw new TypeError('apiVersion must be "v1" or "v2".');
  const url = URL.parse(options.baseUrl);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError('baseUrl must be an http or https URL.');
  }
  if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('apiKey is required.');

  const client = createBusinessClient(options);
  return {
    contract: caseManagement.name,
    contractVersion: caseManagement.head.version,
    handlers: caseManagementHandlers(client, dialect),
    async ready(signal) {
      const request: BusinessRequest = {
        method: 'GET',
        route: '/health',
        path: '/health',
        // Readiness is no citizen's call: no trace to join.
        context: { signal, traceparent: '' },
      };
      const response = await client.call(request);
      if (response.status !== 200) throw unexpectedResponse(request, response);
      if ((response.json as { status?: unknown } | undefined)?.status !== 'ok') {
        throw new BusinessSystemError('bad_response', request, { upstreamStatus: response.status });
      }
    },
    close: () => client.close(),
  };
}
