import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Contract } from '@brygga/contract';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import type { GatewayEnv } from '../http/env.ts';

export interface ReferencePagesOptions {
  readonly contracts: readonly Contract[];
}

// Scalar's standalone (UMD) bundle, served from node_modules: the network is closed and the CSP allows only our
// own scripts, so no CDN. The URL carries a build id, so browsers may keep it for a year.
const scalarEntry = import.meta.resolve('@scalar/api-reference');
const bundlePath = fileURLToPath(new URL('./browser/standalone.js', scalarEntry));
const scalarVersion = (
  JSON.parse(readFileSync(new URL('../package.json', scalarEntry), 'utf8')) as { version: string }
).version;
export const scalarBundleUrl = `/reference/assets/scalar-${scalarVersion}.js`;

/**
 * The Content-Security-Policy of the interactive reference only, loosened from the gateway's default in two
 * ways Scalar needs, and no others:
 * - `script-src` adds a per-response nonce: Scalar starts from one inline `<script>` (the nonce admits that one
 *   element, nothing injected);
 * - `style-src` adds `'unsafe-inline'`: Scalar (Vue) writes `style="…"` attributes and `<style>` elements at run
 *   time, which a nonce cannot admit. Inline styles cannot run code.
 * Everything else stays own-origin only: no CDN, no fonts from elsewhere (`withDefaultFonts: false`), no
 * telemetry, "try it" calls only to this gateway.
 */
export function referenceContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * `/reference/{contract}/{version}`: the interactive API reference (Scalar, through @scalar/hono-api-reference)
 * of one contract version, reading `/openapi/{contract}/{version}.json`; and Scalar's bundle itself.
 */
export function referencePages(options: ReferencePagesOptions): Hono<GatewayEnv> {
  const contracts = new Map(options.contracts.map((contract) => [contract.name, contract]));
  const app = new Hono<GatewayEnv>();
  let bundle: Promise<{ plain: Buffer; gzipped: Buffer }> | undefined;

  app.get(scalarBundleUrl, async (c) => {
    // Read and compressed once, on first use: 4.8 MB that most gateways never serve.
    bundle ??= readFile(bundlePath).then(async (plain) => ({ plain, gzipped: await promisify(gzip)(plain) }));
    const { plain, gzipped } = await bundle;
    const acceptsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = acceptsGzip ? gzipped : plain;
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      ...(acceptsGzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });

  app.get('/reference/:contract/:version{[0-9]{4}-[0-9]{2}-[0-9]{2}}', async (c, next) => {
    const contract = contracts.get(c.req.param('contract'));
    const version = contract?.resolve(c.req.param('version'));
    if (!contract || !version) return c.notFound();
    const nonce = randomBytes(16).toString('base64');
    c.set('contentSecurityPolicy', referenceContentSecurityPolicy(nonce));
    const render = Scalar<GatewayEnv>({
      url: `/openapi/${contract.name}/${version.version}.json`,
      pageTitle: `${contract.title.sv} ${version.version} – Brygga`,
      cdn: scalarBundleUrl,
      nonce,
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      documentDownloadType: 'json',
      showDeveloperTools: 'never',
      mcp: { disabled: true },
      agent: { disabled: true },
    });
    const response = await render(c, next);
    c.header('Cache-Control', 'no-store');
    return response;
  });

  return app;
}
