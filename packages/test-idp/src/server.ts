import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BryggaError } from '@brygga/contract';
import { errors } from 'oidc-provider';
import { pathOf, sendError, sendHtml } from './http.ts';
import { createInteractionHandler } from './interaction.ts';
import { renderHomePage } from './pages/home-page.ts';
import { PersonRegistry } from './person-registry.ts';
import { defaultTestPersons, type TestPerson, toKnownPerson } from './persons.ts';
import { assertNotProduction } from './production-guard.ts';
import { type ClientMetadata, createProvider } from './provider.ts';
import { newSubjectKey } from './subject.ts';

export interface TestIdpOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the test IdP is for this machine only. */
  readonly host?: string;
  /** Default `http://<host>:<port>`; set it when the IdP is reached through a proxy. */
  readonly issuer?: string;
  readonly clients: readonly ClientMetadata[];
  /** The picker's persons; default `defaultTestPersons`. */
  readonly persons?: readonly TestPerson[];
  /**
   * Key for deriving `sub` (at least 32 characters). Default: random per start, so a person's `sub` is stable
   * only while this instance runs; set it to keep `sub` across restarts.
   */
  readonly subjectSecret?: string;
  /** Start even when NODE_ENV is production. Only for a setup that merely looks like production. */
  readonly allowProduction?: boolean;
  /** Unexpected errors (never request data). Default: one line on stderr. */
  readonly onError?: (error: unknown) => void;
}

export interface TestIdp {
  readonly issuer: string;
  /** Where the server listens, e.g. `http://127.0.0.1:53123`. */
  readonly url: string;
  close(): Promise<void>;
}

const loginNotFound = {
  heading: { sv: 'Inloggningen hittades inte', en: 'The login was not found' },
  text: {
    sv: 'Den kan ha tagit för lång tid eller redan vara klar. Gå tillbaka till e-tjänsten och börja om.',
    en: 'It may have taken too long or already be finished. Go back to the e-service and start again.',
  },
};

/** Starts a test BankID IdP speaking the Swedish OIDC profile. Never for production. */
export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  assertNotProduction(process.env.NODE_ENV, options.allowProduction === true);
  if (options.clients.length === 0) throw new TypeError('startTestIdp needs at least one client.');
  if (options.subjectSecret !== undefined && options.subjectSecret.length < 32) {
    throw new TypeError('subjectSecret must be at least 32 characters.');
  }
  const persons = (options.persons ?? defaultTestPersons).map(toKnownPerson);
  const subjectKey =
    options.subjectSecret === undefined ? newSubjectKey() : Buffer.from(options.subjectSecret);
  const registry = new PersonRegistry(subjectKey, persons);
  const onError = options.onError ?? reportError;

  const server = createServer();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = options.issuer ?? url;

  let provider: ReturnType<typeof createProvider>;
  try {
    provider = createProvider({ issuer, clients: options.clients, registry });
    // oidc-provider checks a configured client's metadata when it is first used; check them all now, so a
    // mistake stops the start instead of failing every login.
    for (const client of options.clients) {
      await provider.Client.find(client.client_id).catch((error: unknown) => {
        const description = (error as { error_description?: string }).error_description ?? String(error);
        throw new TypeError(`Client ${client.client_id}: ${description}`, { cause: error });
      });
    }
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  // Behind a TLS-terminating proxy, oidc-provider must trust X-Forwarded-Proto to know the request was https.
  provider.proxy = issuer.startsWith('https:');
  provider.on('server_error', (_ctx: unknown, error: unknown) => onError(error));
  const providerHandler = provider.callback();
  const interaction = createInteractionHandler({
    provider,
    registry,
    ownOrigins: new Set([new URL(issuer).origin, url]),
    today: () => new Date().toISOString().slice(0, 10),
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request);
    if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      sendHtml(response, 200, renderHomePage(issuer, registry.fixtures()));
      return;
    }
    if (path !== '/interaction' && !path.startsWith('/interaction/')) {
      void providerHandler(request, response);
      return;
    }
    interaction(request, response, path).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        onError(error);
        return;
      }
      if (BryggaError.is(error)) sendError(request, response, error);
      else if (error instanceof errors.SessionNotFound) {
        const detail = 'This login was not found or has expired. Start again from the e-service.';
        sendError(request, response, new BryggaError('bad_request', { detail }), loginNotFound);
      } else {
        onError(error);
        sendError(request, response, new BryggaError('internal_error'));
      }
    });
  });

  return {
    issuer,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function reportError(error: unknown): void {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`test-idp: unexpected ${name}: ${message}\n`);
}
