import type { AdapterContext } from '@brygga/contract';

/**
 * createCase's answer when the application names another applicant than the logged-in citizen: the contract's
 * declared `applicant_mismatch` error case (403), whose texts the gateway shows.
 */
export const applicantMismatch = { code: 'applicant_mismatch' } as const;

/**
 * The logged-in citizen's personnummer. Every case-management operation acts for a citizen, so the gateway
 * must resolve one; its absence is a gateway fault, not something a caller can cause.
 */
export function citizenOf(context: AdapterContext, operationId: string): string {
  const number = context.citizen?.personalIdentityNumber;
  if (!number) throw new Error(`Operation ${operationId} acts for a citizen, but the context has none.`);
  return number;
}
