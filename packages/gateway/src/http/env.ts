import type { ErrorCode } from '@brygga/contract';
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from 'pino';
import type { TraceContext } from './middleware/trace-context/traceparent.ts';

/** Context variables every gateway request has; sub-apps declare `new Hono<GatewayEnv>()` to see them typed. */
export interface GatewayVariables {
  /** Safe to log and to show: validated or generated, never personnummer-shaped. */
  requestId: string;
  trace: TraceContext;
  /** Child logger carrying this request's ids; replace it with a child to add e-service/operation bindings. */
  log: Logger;
  /** Set when the response is a problem document, for the access line. */
  problemCode: ErrorCode | undefined;
  /**
   * A page's own Content-Security-Policy, replacing the default one: for a page whose form must lead to
   * another origin (a login page posting on to an identity provider). Leave unset everywhere else.
   */
  contentSecurityPolicy: string | undefined;
}

export type GatewayEnv = {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>;
  Variables: GatewayVariables;
};
