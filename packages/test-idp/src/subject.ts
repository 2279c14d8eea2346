import { createHmac, randomBytes } from 'node:crypto';

/**
 * The `sub` claim: a stable, opaque identifier for a person, derived with an HMAC so that it never is, and never
 * reveals, the personnummer (the profile forbids it, and `sub` travels to every e-service). The key is per IdP
 * instance: the same person gets the same `sub` for as long as the key lives.
 */
export function deriveSubject(key: Uint8Array, personnummer: string): string {
  // The prefix separates this use of the key from any other, should the key ever be reused.
  return createHmac('sha256', key).update(`brygga-test-idp/sub/v1:${personnummer}`).digest('base64url');
}

export function newSubjectKey(): Buffer {
  return randomBytes(32);
}
