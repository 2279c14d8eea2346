import { createHmac } from 'node:crypto';

/*
 * Pseudonymous identifiers derived from the personnummer with a key only the gateway holds. Labels keep the
 * uses apart, so one key never yields the same value for two purposes.
 */

/** The gateway's own, stable reference to a citizen (oidc-provider's accountId). Never leaves the gateway. */
export function citizenRef(key: Uint8Array, identityNumber: string): string {
  return createHmac('sha256', key).update(`brygga/citizen\0${identityNumber}`).digest('base64url');
}

/**
 * The `sub` one e-service sees for a citizen: stable for that e-service, different for every other, and
 * impossible to link back to the personnummer (or across e-services) without the key.
 */
export function pairwiseSubject(key: Uint8Array, citizen: string, eServiceId: string): string {
  return createHmac('sha256', key).update(`brygga/pairwise\0${eServiceId}\0${citizen}`).digest('base64url');
}
