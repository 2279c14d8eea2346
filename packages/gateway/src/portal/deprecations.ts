import { type Contract, type ResolvedVersion, versionStatus } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import type { UsageRow } from '../contracts/usage/event.ts';

type EService = BryggaConfig['eServices'][number];

/** Usage rows since a UTC day (`YYYY-MM-DD`, included); e.g. `(since) => readUsage(store, { since })`. */
export type ReadUsageSince = (since: string) => Promise<readonly UsageRow[]>;

/** How many days of calls count as "still calling". */
export const recentDays = 30;

export interface RecentCaller {
  readonly eServiceId: string;
  readonly calls: number;
  /** ISO 8601 instant of the latest call. */
  readonly lastAt: string;
}

export interface VersionDeprecation {
  readonly contract: Contract;
  readonly version: ResolvedVersion;
  /** `active` means deprecation is announced but its date has not come yet. */
  readonly status: 'active' | 'deprecated' | 'sunset';
  /** E-services whose configuration pins this version. */
  readonly pinned: readonly EService[];
  /** Undefined when no usage was available; otherwise who called this version in the last {@link recentDays}. */
  readonly recentCallers: readonly RecentCaller[] | undefined;
}

/** The first UTC day of the recent-usage window ending at `now`. */
export function recentSince(now: number): string {
  return new Date(now - recentDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Every contract version with a deprecation or sunset date (announced, in force or past), newest contract
 * version first within each contract, with the e-services pinned to it and, given usage rows, those calling it. Pure.
 */
export function versionDeprecations(
  contracts: readonly Contract[],
  eServices: readonly EService[],
  now: number,
  usage?: readonly UsageRow[],
): VersionDeprecation[] {
  const result: VersionDeprecation[] = [];
  for (const contract of contracts) {
    const versions = contract.versions
      .filter((version) => version.deprecated !== undefined || version.sunset !== undefined)
      .toSorted((a, b) => b.version.localeCompare(a.version));
    for (const version of versions) {
      result.push({
        contract,
        version,
        status: versionStatus(version, now).status,
        pinned: eServices.filter((eService) =>
          eService.contracts.some((pin) => pin.contract === contract.name && pin.version === version.version),
        ),
        recentCallers: usage === undefined ? undefined : callersOf(usage, contract.name, version.version),
      });
    }
  }
  return result;
}

function callersOf(usage: readonly UsageRow[], contract: string, version: string): RecentCaller[] {
  const byEService = new Map<string, RecentCaller>();
  for (const row of usage) {
    if (row.contract !== contract || row.version !== version || row.calls <= 0) continue;
    const seen = byEService.get(row.eServiceId);
    byEService.set(row.eServiceId, {
      eServiceId: row.eServiceId,
      calls: (seen?.calls ?? 0) + row.calls,
      // ISO 8601 instants compare as text.
      lastAt: seen === undefined || row.lastAt > seen.lastAt ? row.lastAt : seen.lastAt,
    });
  }
  return [...byEService.values()].sort((a, b) => a.eServiceId.localeCompare(b.eServiceId));
}
