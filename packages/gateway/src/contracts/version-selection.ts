import { type Contract, type ResolvedVersion, type VersionStatus, versionStatus } from '@brygga/contract';

/** The request header that overrides an e-service's pinned version for one call, and echoes the one used. */
export const versionHeader = 'Brygga-Version';

export type VersionChoice =
  | {
      readonly kind: 'ok';
      readonly version: ResolvedVersion;
      readonly status: VersionStatus;
      readonly source: 'pin' | 'header';
    }
  | { readonly kind: 'unknown'; readonly source: 'pin' | 'header' }
  | { readonly kind: 'sunset'; readonly version: ResolvedVersion; readonly status: VersionStatus };

/**
 * The version a call is served at: the `Brygga-Version` header when present and not blank, else the e-service's pin. A
 * version the contract does not have is `unknown` (400); one past its sunset is `sunset` (410). Pure.
 */
export function chooseVersion(
  contract: Contract,
  pinned: string,
  header: string | undefined,
  now: number,
): VersionChoice {
  // An empty or blank header names no version: as if it were not sent.
  const asked = header?.trim() || undefined;
  const source = asked === undefined ? 'pin' : 'header';
  const requested = asked ?? pinned;
  const version = contract.resolve(requested);
  if (!version) return { kind: 'unknown', source };
  const status = versionStatus(version, now);
  if (status.status === 'sunset') return { kind: 'sunset', version, status };
  return { kind: 'ok', version, status, source };
}

/** The versions a caller may still use at `now`, newest first. */
export function supportedVersions(contract: Contract, now: number): string[] {
  return contract.versions
    .filter((version) => versionStatus(version, now).status !== 'sunset')
    .map((version) => version.version);
}
