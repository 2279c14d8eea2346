import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../../env.ts';
import type { ProblemResponder } from '../../problems/respond.ts';

export interface ProblemBoundaryOptions {
  readonly respond: ProblemResponder;
}

/**
 * Hono hands only `Error` instances to `app.onError`; anything else thrown (`throw 'oops'`, a rejected
 * promise with a plain object) would escape to the adapter, which answers with a bare 500. This boundary
 * catches those too, so every failure leaves as a problem document.
 *
 * @example
 * app.use(problemBoundary({ respond }));
 */
export function problemBoundary(options: ProblemBoundaryOptions): MiddlewareHandler<GatewayEnv> {
  return async function problemBoundary(c, next) {
    try {
      await next();
    } catch (error) {
      c.res = options.respond(error, c);
    }
  };
}
