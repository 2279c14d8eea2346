import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BryggaError } from '@brygga/contract';
import { errors } from 'oidc-provider';
import { handleAdmin, isAdminPath } from './admin.ts';
import { type BackchannelResult, type LogoutTarget, triggerBackchannelLogout } from './backchannel.ts';
import { type EvilCase, isEvilCase } from './evil.ts';
import { evilMiddleware } from './evil-middleware.ts';
import { pathOf, sendError, sendHtml } from './http.ts';
import { createInteractionHandler } from './interaction.ts';
import { KeyRing } from './key-ring.ts';
import { MemoryStore } from './memory-store.ts';
import { renderHomePage } from './pages/home-page.ts';
import { qrScript, qrScriptPath } from './pages/qr-page.ts';
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
  /** Told of each token request once answered: how the client authenticated, for relying-party tests. */
  readonly onTokenRequest?: (request: TokenRequestSeen) => void;
}

/** A token request as the test IdP saw it (no secrets or codes, only how the client authenticated). */
export interface TokenRequestSeen {
  /** The client it authenticated as, or the `client_id` it named when it did not. */
  readonly clientId: string | undefined;
  /** `client_assertion` (private_key_jwt) was in the body. */
  readonly clientAssertion: boolean;
  /** HTTP Basic authentication (client_secret_basic) was sent. */
  readonly basic: boolean;
  /** The status the IdP answered with (401 for a client it did not accept). */
  readonly status: number;
}

export interface TestIdp {
  readonly issuer: string;
  /** Where the server listens, e.g. `http://127.0.0.1:53123`. */
  readonly url: string;
  /**
   * Adds a new signing key and signs with it from now on; the old key stays in the JWKS for a while
   * (`retiredKeyTtlMs`). Returns the new key's `kid`. Also `POST /test-idp/rotate-keys`.
   */
  rotateKeys(): string;
  /**
   * Ends the person's IdP sessions (or one, by `sid`) and sends a back-channel logout token to each client of
   * them. Also `POST /test-idp/backchannel-logout` with `accountId` or `sid`.
   */
  triggerBackchannelLogout(target: LogoutTarget): Promise<BackchannelResult>;
  /**
   * Evil mode at run time: every following login of `clientId` (of every client when left out) gets `evil`
   * wrong; `undefined` returns to the client's configured behaviour.
   */
  setEvil(evil: EvilCase | undefined, clientId?: string): void;
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

  const store = new MemoryStore();
  const ring = new KeyRing();
  let provider: ReturnType<typeof createProvider>;
  try {
    provider = createProvider({ issuer, clients: options.clients, registry, store, ring });
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
  const evilOverrides = new Map<string | undefined, EvilCase>();
  provider.use(
    evilMiddleware({
      ring,
      evilFor: (clientId, metadata) =>
        evilOverrides.get(clientId) ??
        evilOverrides.get(undefined) ??
        (isEvilCase(metadata.evil) ? metadata.evil : undefined),
    }),
  );
  const onTokenRequest = options.onTokenRequest;
  if (onTokenRequest !== undefined) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route !== 'token') return;
      const body = (ctx.oidc.body ?? {}) as Record<string, unknown>;
      onTokenRequest({
        clientId:
          ctx.oidc.client?.clientId ?? (typeof body.client_id === 'string' ? body.client_id : undefined),
        clientAssertion: typeof body.client_assertion === 'string',
        basic: /^basic /i.test(ctx.get('authorization')),
        status: ctx.status,
      });
    });
  }
  const admin = {
    rotateKeys: () => ring.rotate(),
    triggerBackchannelLogout: (target: LogoutTarget) => triggerBackchannelLogout(provider, store, target),
  };
  const ownOrigins = new Set([new URL(issuer).origin, url]);
  const providerHandler = provider.callback();
  const interaction = createInteractionHandler({
    provider,
    registry,
    ownOrigins,
    today: () => new Date().toISOString().slice(0, 10),
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request);
    if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      sendHtml(response, 200, renderHomePage(issuer, registry.fixtures()));
      return;
    }
    if (path === qrScriptPath && request.method === 'GET') {
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      response.end(qrScript);
      return;
    }
    const admitted = isAdminPath(path);
    if (!admitted && path !== '/interaction' && !path.startsWith('/interaction/')) {
      void providerHandler(request, response);
      return;
    }
    const handled = admitted
      ? handleAdmin(request, response, path, admin, ownOrigins)
      : interaction(request, response, path);
    handled.catch((error: unknown) => {
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
    ...admin,
    setEvil: (evil, clientId) => {
      if (evil === undefined) evilOverrides.delete(clientId);
      else evilOverrides.set(clientId, evil);
    },
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
