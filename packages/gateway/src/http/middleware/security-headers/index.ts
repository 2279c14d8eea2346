import { problemContentType } from '@brygga/contract';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { setResponseHeader } from '../response-header/index.ts';

export type ContentSecurityPolicy = NonNullable<
  NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']
>;

export interface SecurityHeadersOptions {
  /** The gateway's public URL; HSTS is sent only when it is https (never on plain-http development setups). */
  readonly publicUrl?: string | undefined;
  /** Replaces the default CSP directives, e.g. for a page that must post a form to an identity provider. */
  readonly contentSecurityPolicy?: ContentSecurityPolicy;
}

/**
 * A strict policy for the gateway's own HTML pages (login, "who used my data"): own-origin resources only,
 * no plugins, no framing, no `<base>`. Harmless on JSON responses.
 */
export const defaultContentSecurityPolicy: ContentSecurityPolicy = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

/** Headers that advertise the software behind the gateway, including a business system's, when proxied. */
const fingerprintHeaders = [
  'X-Powered-By',
  'Server',
  'X-AspNet-Version',
  'X-AspNetMvc-Version',
  'X-Generator',
];

/**
 * Hono's `secureHeaders` with the gateway's choices: strict CSP, `nosniff`, no framing, no referrer, HSTS
 * only behind https; then `Cache-Control: no-store` on every problem document (error bodies are per request
 * and must not be cached by shared caches) and no software fingerprints.
 *
 * @example
 * app.use(securityHeaders({ publicUrl: 'https://brygga.example.se' }));
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const https = isHttps(options.publicUrl);
  const headers = secureHeaders({
    contentSecurityPolicy: options.contentSecurityPolicy ?? defaultContentSecurityPolicy,
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    xContentTypeOptions: true,
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    removePoweredBy: true,
  });
  return async function securityHeaders(c, next) {
    await headers(c, async () => {
      await next();
      // secureHeaders sets its headers in place, which throws on a response whose headers cannot change
      // (Response.redirect, Response.error). setResponseHeader copies exactly those, so the rest can be set.
      setResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
      if (c.res.headers.get('content-type')?.startsWith(problemContentType)) {
        c.header('Cache-Control', 'no-store');
      }
      for (const name of fingerprintHeaders) {
        if (c.res.headers.has(name)) c.header(name, undefined);
      }
    });
    // A page that set its own policy (see GatewayVariables.contentSecurityPolicy) keeps it.
    const pagePolicy: unknown = c.get('contentSecurityPolicy');
    if (typeof pagePolicy === 'string') setResponseHeader(c, 'Content-Security-Policy', pagePolicy);
  };
}

/** Whether the public URL's scheme is https (`HTTPS://…` too); false when it is absent or no URL at all. */
function isHttps(publicUrl: string | undefined): boolean {
  if (publicUrl === undefined) return false;
  try {
    return new URL(publicUrl).protocol === 'https:';
  } catch {
    return false;
  }
}
