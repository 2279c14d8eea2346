import type { AdapterContext } from '@brygga/contract';

/**
 * The logged-in citizen's personnummer: the only source of it, since the head contract carries none (older
 * versions' numbers are checked against the login by the gateway and dropped). Every case-management operation
 * acts for a citizen, so the gateway must resolve one; its absence is a gateway fault, not a caller's.
 */
export function citizenOf(context: AdapterContext, operationId: string): string {
  const number = context.citizen?.personalIdentityNumber;
  if (!number) throw new Error(`Operation ${operationId} acts for a citizen, but the context has none.`);
  return number;
}
