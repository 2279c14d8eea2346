import { BryggaError } from '@brygga/contract';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  /** Largest accepted request body. Default 1 MiB. */
  readonly maxBytes?: number;
}

export const defaultBodyLimitBytes = 1024 * 1024;

/**
 * Refuses bodies over the limit with `payload_too_large` (413). Hono's middleware decides from
 * `Content-Length` before reading anything, and counts a streamed (chunked) body as it arrives, stopping at
 * the limit: an oversized body is never buffered whole.
 *
 * @example
 * app.use(bodyLimit({ maxBytes: 64 * 1024 }));
 */
export function bodyLimit(options: BodyLimitOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? defaultBodyLimitBytes;
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new BryggaError('payload_too_large', { extensions: { maxBytes } });
    },
  });
}
