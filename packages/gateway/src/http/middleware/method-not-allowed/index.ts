import { BryggaError } from '@brygga/contract';
import type { Env, Hono, MiddlewareHandler } from 'hono';
import { methodNotAllowed as honoMethodNotAllowed } from 'hono/method-not-allowed';

export interface MethodNotAllowedOptions<E extends Env> {
  /** The app whose registered routes (`app.routes`, sub-apps included once mounted) define what is allowed. */
  // biome-ignore lint/suspicious/noExplicitAny: matches Hono's own option type; any schema and base path.
  readonly app: Hono<E, any, any>;
}

/**
 * Turns a 404 into `method_not_allowed` (405) with an `Allow` header when the path matches a route registered
 * for other methods. Hono's middleware reads `app.routes` lazily, at the first miss, so routes mounted after
 * `createApp` (and before the first request, as Hono requires) are known.
 *
 * @example
 * app.use(methodNotAllowed({ app }));
 */
export function methodNotAllowed<E extends Env>(options: MethodNotAllowedOptions<E>): MiddlewareHandler<E> {
  return honoMethodNotAllowed<E>({
    app: options.app,
    onMethodNotAllowed: (_c, methods) => {
      throw new BryggaError('method_not_allowed', { headers: { Allow: methods.join(', ') } });
    },
  });
}
