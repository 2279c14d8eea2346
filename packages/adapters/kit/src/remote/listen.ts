import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Adapter } from '@brygga/contract';
import { type ServeAdapterOptions, serveAdapter } from './serve.ts';

export interface ListenAdapterOptions extends ServeAdapterOptions {
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default 127.0.0.1, so nothing is exposed by accident. */
  readonly host?: string;
  /**
   * Serve over HTTPS. With `requestCert: true` and `ca`, Node refuses clients without a certificate from that CA:
   * mutual TLS towards the gateway.
   */
  readonly tls?: TlsServerOptions;
}

export interface RunningAdapterService {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:7406`: the value of the gateway's `adapter:`. */
  readonly url: string;
  /** Stops accepting calls, lets those in flight finish, then closes the adapter. */
  close(): Promise<void>;
}

/**
 * Serves an adapter over the remote adapter protocol on node:http (or node:https), with `serveAdapter`.
 *
 * @example const service = await listenAdapter(adapter, { port: 7406, authenticate });
 */
export async function listenAdapter(
  adapter: Adapter,
  options: ListenAdapterOptions = {},
): Promise<RunningAdapterService> {
  const handle = serveAdapter(adapter, options);
  const onRequest = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    respond(handle, incoming, outgoing, options.tls !== undefined).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end('{"error":{"code":"internal_error","message":"The adapter service failed."}}');
    });
  };
  const server: Server = options.tls
    ? createHttpsServer(options.tls, onRequest)
    : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await adapter.close?.();
      })();
      return closing;
    },
  };
}

async function respond(
  handle: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  secure: boolean,
): Promise<void> {
  // The adapter's signal: the caller went away before the answer was written.
  const gone = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) gone.abort(new DOMException('The caller went away.', 'AbortError'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // The path comes from the request target alone, never from the Host header, which the caller chooses freely
  // (`Host: a/brygga-adapter/v1/manifest?` must not reach the manifest past a proxy's path rules). Only the
  // origin form (`/path?query`) is served; `http://x/…` and `*` are refused. Appended, not resolved against a base,
  // so `//x/…` or `/\x/…` stays a path and cannot name a host.
  const target = incoming.url ?? '/';
  if (!target.startsWith('/')) {
    const body = JSON.stringify({
      error: {
        code: 'invalid_request_target',
        message: 'The request target must be a path starting with /.',
      },
    });
    outgoing.writeHead(400, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
    });
    outgoing.end(body);
    return;
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(`${secure ? 'https' : 'http'}://localhost${target}`, {
    method,
    headers,
    signal: gone.signal,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
  const response = await handle(request);
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    'content-length': String(body.length),
  });
  outgoing.end(body);
}
