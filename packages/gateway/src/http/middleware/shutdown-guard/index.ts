import { BryggaError } from '@brygga/contract';
import type { MiddlewareHandler } from 'hono';
import type { Lifecycle } from '../../../server/lifecycle.ts';
import { setResponseHeader } from '../response-header/index.ts';

export interface ShutdownGuardOptions {
  readonly lifecycle: Lifecycle;
  /** Seconds a client should wait before retrying, sent as `Retry-After`. Default 5. */
  readonly retryAfterSeconds?: number;
}

/**
 * Once the gateway is draining, requests that still arrive (on kept-alive connections) start no new work:
 * they get `shutting_down` (503) with `Connection: close`, so the client reconnects to another instance.
 * Requests already in flight finish, and their responses carry `Connection: close` too.
 *
 * @example
 * app.use(shutdownGuard({ lifecycle }));
 */
export function shutdownGuard(options: ShutdownGuardOptions): MiddlewareHandler {
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  return async function shutdownGuard(c, next) {
    if (!options.lifecycle.acceptsRequests) {
      throw new BryggaError('shutting_down', { headers: { Connection: 'close', 'Retry-After': retryAfter } });
    }
    await next();
    if (!options.lifecycle.acceptsRequests) setResponseHeader(c, 'Connection', 'close');
  };
}
