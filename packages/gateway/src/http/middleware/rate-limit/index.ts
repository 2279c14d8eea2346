import { BryggaError } from '@brygga/contract';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../../env.ts';
import { addressKey } from './client-address.ts';
import { type RateLimitRule, TokenBuckets } from './token-buckets.ts';

export { addressKey, clientAddressResolver, isAddressOrBlock } from './client-address.ts';
export { type RateLimitRule, TokenBuckets } from './token-buckets.ts';

/** One limit: a rule and what it counts by. */
export interface RateLimitKey {
  readonly rule: RateLimitRule;
  /**
   * What to count by for this request (a client address, an e-service), or undefined to not count it here.
   * Only return keys from a bounded or trusted set, or ones the caller cannot multiply cheaply.
   */
  readonly keyOf: (c: Context<GatewayEnv>) => string | undefined | Promise<string | undefined>;
}

export interface RateLimitOptions {
  /** Every limit must allow the request; each has its own buckets. */
  readonly limits: readonly RateLimitKey[];
  /** Most keys remembered per limit. Default 10,000. */
  readonly maxKeys?: number;
  /** Epoch milliseconds; injected in tests. */
  readonly now?: () => number;
}

/**
 * Answers 429 `rate_limited` with `Retry-After` once a key has used its tokens (token bucket per key, in
 * memory, per gateway instance: a brake on guessing and flooding, not a quota).
 *
 * @example
 * app.use('/login/*', rateLimit({ limits: [{ rule: { burst: 30, perMinute: 30 }, keyOf: clientAddress }] }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<GatewayEnv> {
  const limits = options.limits.map((limit) => ({
    keyOf: limit.keyOf,
    buckets: new TokenBuckets({
      rule: limit.rule,
      ...(options.maxKeys === undefined ? {} : { maxKeys: options.maxKeys }),
      ...(options.now === undefined ? {} : { now: options.now }),
    }),
  }));
  return async function rateLimited(c, next) {
    for (const limit of limits) {
      const key = await limit.keyOf(c);
      if (key === undefined) continue;
      const taken = limit.buckets.take(key);
      if (!taken.allowed) {
        throw new BryggaError('rate_limited', {
          headers: { 'Retry-After': String(taken.retryAfterSeconds) },
          extensions: { retryAfterSeconds: taken.retryAfterSeconds },
        });
      }
    }
    await next();
  };
}

/**
 * The address of the peer that opened the connection, as a rate-limit key (addressKey: an IPv6 peer by its
 * /64, since one client holds the whole network). Forwarded-for headers are not read: a client writes what it
 * likes there, and would get a fresh bucket with every value. Undefined outside the Node.js server.
 */
export function clientAddress(c: Context<GatewayEnv>): string | undefined {
  if (c.env?.incoming === undefined) return undefined;
  const address = getConnInfo(c).remote.address;
  return address === undefined ? undefined : addressKey(address);
}
