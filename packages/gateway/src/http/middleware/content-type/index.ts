import { BryggaError } from '@brygga/contract';
import type { MiddlewareHandler } from 'hono';
import { isAcceptedMediaType } from './media-type.ts';

export interface ContentTypeOptions {
  /** Accepted media types (essence only; `charset=utf-8` is always allowed). */
  readonly accepted?: readonly string[];
  /** Methods whose bodies are checked. Default POST, PUT, PATCH. */
  readonly methods?: readonly string[];
  /**
   * Other accepted types under a path prefix (e.g. `/oidc/` → form posts), replacing `accepted` there. The
   * longest matching prefix wins.
   */
  readonly acceptedByPath?: Readonly<Record<string, readonly string[]>>;
}

export const defaultAcceptedContentTypes: readonly string[] = [
  'application/json',
  'application/merge-patch+json',
];

/**
 * Whether the request carries a body, by HTTP framing (RFC 9112 §6.3): a positive `Content-Length` or any
 * `Transfer-Encoding`. Without either, only a request built in-process (tests) can have one; it counts when
 * it also says what type it is.
 */
export function declaresBody(headers: Headers, hasStream: boolean): boolean {
  const contentLength = headers.get('content-length');
  if (contentLength !== null) return contentLength.trim() !== '0';
  if (headers.has('transfer-encoding')) return true;
  return hasStream && headers.has('content-type');
}

/**
 * Refuses request bodies of other types than the accepted ones with `unsupported_media_type` (415), before
 * any handler reads them. The problem says what is accepted, as `Accept-Post` (RFC 9110 practice) or
 * `Accept-Patch` (RFC 5789) and as an `accepted` list.
 *
 * @example
 * app.use(contentType({ accepted: ['application/json'] }));
 */
export function contentType(options: ContentTypeOptions = {}): MiddlewareHandler {
  const defaultAccepted = options.accepted ?? defaultAcceptedContentTypes;
  const methods = new Set(options.methods ?? ['POST', 'PUT', 'PATCH']);
  const byPath = Object.entries(options.acceptedByPath ?? {}).sort(([a], [b]) => b.length - a.length);
  return async function contentType(c, next) {
    if (methods.has(c.req.method) && declaresBody(c.req.raw.headers, c.req.raw.body !== null)) {
      const accepted = byPath.find(([prefix]) => c.req.path.startsWith(prefix))?.[1] ?? defaultAccepted;
      const acceptedList = accepted.join(', ');
      const value = c.req.header('content-type');
      if (value === undefined || !isAcceptedMediaType(value, accepted)) {
        const hint = c.req.method === 'PATCH' ? 'Accept-Patch' : 'Accept-Post';
        throw new BryggaError('unsupported_media_type', {
          headers: { [hint]: acceptedList },
          extensions: { accepted: [...accepted] },
        });
      }
    }
    await next();
  };
}
