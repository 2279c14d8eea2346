import { IncomingMessage } from 'node:http';
import { BryggaError } from '@brygga/contract';
import type { Handler } from 'hono';
import type Provider from 'oidc-provider';
import type { GatewayEnv } from '../../http/env.ts';

/** The path oidc-provider is mounted at; its issuer is `${publicUrl}${providerMountPath}`. */
export const providerMountPath = '/oidc';

const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);

/** oidc-provider's routes whose last segment is a value (an interaction uid, a client id), not a name. */
const valueRoutes = new Set(['auth', 'reg', 'device']);

/**
 * Whether a path (after the mount point, without the query) is spelt as the provider's routes are: lower case
 * and without a trailing '/'. oidc-provider's router ignores both, but the gateway's guards on its paths (rate
 * limits, origin checks) match exactly, so any other spelling would reach the provider around them.
 */
export function canonicalProviderPath(path: string): boolean {
  if (path.length > 1 && path.endsWith('/')) return false;
  const [, first = '', ...rest] = path.split('/');
  const named = rest.length === 1 && valueRoutes.has(first) ? `/${first}` : path;
  return named === named.toLowerCase();
}

/**
 * Hands a request to oidc-provider (a Koa application) inside the gateway's Hono app: the raw Node request and
 * response come from @hono/node-server's bindings, the provider writes the response itself, and Hono is told
 * so (`x-hono-already-sent`) with the status the provider chose, for the access log. The gateway's middleware
 * has already run: request id, logging, shutdown guard, body limit, content type.
 *
 * That middleware may have started reading the body through Hono's Request, so a body is read to the end
 * there and replayed to the provider on a fresh message with the same socket, method, path and headers.
 * The provider derives its URLs from the request; the gateway's public address is authoritative, so the
 * forwarded protocol and host are set from it, overriding whatever a client sent.
 */
export function mountProvider(provider: Provider, publicUrl: string): Handler<GatewayEnv> {
  const callback = provider.callback();
  const external = new URL(publicUrl);
  const prefix = `${external.pathname.replace(/\/$/, '')}${providerMountPath}`;
  return async function oidcProvider(c) {
    const incoming = c.env?.incoming;
    const outgoing = c.env?.outgoing;
    if (incoming === undefined || outgoing === undefined) {
      throw new BryggaError('internal_error', { detail: 'The OpenID Provider needs the Node.js server.' });
    }
    const url = incoming.url ?? '/';
    if (!url.startsWith(prefix)) throw new BryggaError('not_found');
    const path = url.slice(prefix.length).split('?', 1)[0] ?? '';
    if (!canonicalProviderPath(path === '' ? '/' : path)) throw new BryggaError('not_found');
    const headers = {
      ...incoming.headers,
      'x-forwarded-proto': external.protocol.slice(0, -1),
      'x-forwarded-host': external.host,
      'x-request-id': c.get('requestId'),
    };
    let request: IncomingMessage = incoming;
    if (!bodiless.has(incoming.method ?? 'GET')) {
      const body = Buffer.from(await c.req.arrayBuffer());
      request = new IncomingMessage(incoming.socket);
      request.method = incoming.method;
      request.httpVersion = incoming.httpVersion;
      // A message not marked complete counts as aborted when it ends, and would take the socket down with it.
      request.complete = true;
      request.push(body);
      request.push(null);
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    request.headers = headers;
    // What Express does when mounting: the provider sees its own paths and finds its mount point in originalUrl.
    (request as { originalUrl?: string }).originalUrl = url;
    request.url = url.slice(prefix.length) || '/';
    await callback(request, outgoing);
    return new Response(null, { status: outgoing.statusCode, headers: { 'x-hono-already-sent': 'true' } });
  };
}
