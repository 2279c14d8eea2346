import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createEServiceApp } from './app.ts';
import type { CasesClientSettings } from './gateway/cases.ts';
import { sdkGatewayLogin } from './gateway/login.ts';
import { type Log, stderrLog } from './log.ts';
import { SessionStore } from './session/store.ts';

/** The contract version this e-service is written for: the citizen is known from the login, not the form. */
export const defaultContractVersion = '2026-12-01';

export interface EServiceOptions {
  /** Default 7403; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Default 127.0.0.1, so nothing is exposed by accident. */
  readonly host?: string | undefined;
  /** The gateway, e.g. `http://127.0.0.1:7400`; its OpenID issuer is `${gatewayUrl}/oidc`. */
  readonly gatewayUrl: string;
  /** The e-service's client id at the gateway. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where browsers reach this e-service. Default `http://127.0.0.1:<port>`. */
  readonly publicUrl?: string | undefined;
  /** Default {@link defaultContractVersion}. */
  readonly contractVersion?: string | undefined;
  /**
   * The transport for every request to the gateway (OpenID endpoints and API). Default the global `fetch`;
   * tests wrap it to record everything the e-service receives.
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Retries and timeouts of the SDK client. */
  readonly client?: Omit<CasesClientSettings, 'fetch'> | undefined;
  readonly log?: Log | undefined;
}

export interface RunningEService {
  /** Where it listens, without a trailing slash. */
  readonly url: string;
  readonly publicUrl: string;
  /** Stops accepting requests, lets those in flight finish and forgets every session. */
  close(): Promise<void>;
}

/**
 * Starts the example e-service "Ansök om bygglov". Resolves once it listens; the gateway is first asked on the
 * first login, so the e-service may start before the gateway does.
 */
export async function startEService(options: EServiceOptions): Promise<RunningEService> {
  // The public address is only known once the port is (port 0 in tests), so the app is built after listening;
  // until then (a moment) every request is answered 503.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = createAdaptorServer({ fetch: (request, env) => handle(request, env) }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7403, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  const gatewayUrl = options.gatewayUrl.replace(/\/+$/, '');
  const log = options.log ?? stderrLog;
  const sessions = new SessionStore();
  const app = createEServiceApp({
    publicUrl,
    gatewayUrl,
    contractVersion: options.contractVersion ?? defaultContractVersion,
    login: sdkGatewayLogin({
      gatewayUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      publicUrl,
      scope: ['case-management'],
      fetch: options.fetch,
    }),
    sessions,
    client: {
      ...options.client,
      fetch: options.fetch,
      onDeprecation: (notice) =>
        log('contract_deprecated', { contract: notice.contract, version: notice.version }),
    },
    log,
  });
  handle = (request, env) => app.fetch(request, env);

  server.on('error', (error: NodeJS.ErrnoException) =>
    log('server_error', { code: error.code ?? error.name }),
  );
  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // close() also drops idle keep-alive connections; requests in flight get to finish.
        server.close(() => {
          sessions.clear();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
