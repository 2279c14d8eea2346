import { createHash } from 'node:crypto';

/**
 * The Idempotency-Key the business system gets for an e-service's key. Every e-service reaches the business
 * system through this adapter with one API key, so their keys share one space there: the same key from two
 * e-services would replay one's case to the other, or refuse the second as a duplicate. Hashing in the
 * e-service id keeps each e-service's keys its own, is stable across retries and always fits the business
 * system's 1–255 visible ASCII characters. Pure.
 */
export function businessIdempotencyKey(eServiceId: string, key: string): string {
  return createHash('sha256')
    .update(JSON.stringify([eServiceId, key]))
    .digest('base64url');
}
