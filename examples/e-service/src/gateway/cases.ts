import type { HeadVersionId } from '@brygga/contract';
import { type CaseManagement, caseManagement } from '@brygga/contract-case-management';
import { type Client, type ClientOptions, createClient } from '@brygga/sdk';

/** Client settings the e-service passes through; tests shorten retries here. */
export type CasesClientSettings = Pick<
  ClientOptions<CaseManagement>,
  'fetch' | 'maxRetries' | 'timeoutMs' | 'sleep' | 'onDeprecation'
>;

/** A client calling as the citizen whose access token this is. */
export type CasesClientFactory = (accessToken: string) => Client<CaseManagement>;

/**
 * Case-management clients pinned to one contract version. One per request: the access token is the citizen's
 * and lives only in their server-side session.
 */
export function casesClients(
  gatewayUrl: string,
  version: string,
  settings: CasesClientSettings = {},
): CasesClientFactory {
  // Checked once at start: a version this build of the contract does not have is a deployment mistake.
  if (!caseManagement.resolve(version)) {
    throw new RangeError(
      `case-management has no version ${version}; it has ${caseManagement.versionIds.join(', ')}.`,
    );
  }
  // The pages are written for the head version's shapes, so the client is typed at it. Another pin (set by the
  // operator) exists, as checked above, and the gateway validates every call at it.
  const pinned = version as HeadVersionId<CaseManagement>;
  return (accessToken) =>
    createClient({
      gatewayUrl,
      contract: caseManagement,
      version: pinned,
      accessToken,
      // Problem titles in Swedish; the pages add English themselves.
      headers: { 'Accept-Language': 'sv' },
      ...settings,
    });
}
