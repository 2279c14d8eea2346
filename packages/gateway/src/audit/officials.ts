import { hash, timingSafeEqual } from 'node:crypto';

export interface Official {
  readonly id: string;
  readonly name: string;
  readonly token: string;
}

/**
 * Finds the official a bearer token belongs to, in time that does not depend on where the tokens differ:
 * both sides are hashed to the same length, compared with `timingSafeEqual`, and every configured token is
 * compared even after a match, so neither a token's prefix nor its position in the list can be timed. Pure.
 */
export function findOfficial(
  officials: readonly Official[],
  token: string | undefined,
): Official | undefined {
  if (token === undefined || token.length === 0) return undefined;
  const presented = hash('sha256', token, 'buffer');
  let found: Official | undefined;
  for (const official of officials) {
    if (timingSafeEqual(presented, hash('sha256', official.token, 'buffer')) && found === undefined) {
      found = official;
    }
  }
  return found;
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
