import type { Context } from 'hono';
import type { GatewayEnv } from '../http/env.ts';

/** The e-service making a contract call. */
export interface Caller {
  readonly eServiceId: string;
}

/** Who is calling, from the request's credentials; undefined when they are missing or wrong (401). */
export type ResolveCaller = (c: Context<GatewayEnv>) => Caller | undefined | Promise<Caller | undefined>;

/** The logged-in citizen an operation that `actsForCitizen` acts for; undefined when there is none (401). */
export type ResolveCitizen = (
  c: Context<GatewayEnv>,
  caller: Caller,
) =>
  | { readonly personalIdentityNumber: string }
  | undefined
  | Promise<{ readonly personalIdentityNumber: string } | undefined>;
