import { type Finding, versionStatus } from '@brygga/contract';
import type { EServiceConfig } from '../config/index.ts';
import type { ContractCheck } from './check/check.ts';
import type { ContractEntry } from './registry.ts';
import type { UsageRow } from './usage/event.ts';

export type ImpactReason =
  /** The e-service is pinned to, or still calls, a version that is deprecated or past its sunset. */
  | {
      readonly kind: 'deprecated' | 'sunset';
      readonly version: string;
      readonly via: 'pin' | 'calls';
      readonly deprecated: string | undefined;
      readonly sunset: string | undefined;
    }
  /** The e-service has called an operation that a pending change would break, at that version. */
  | {
      readonly kind: 'breaking';
      readonly version: string;
      readonly operationId: string;
      readonly findings: readonly Finding[];
      readonly lastAt: string;
    };

export interface ImpactedEService {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly responsible: { readonly name: string; readonly email: string };
  readonly reasons: readonly ImpactReason[];
}

export interface ImpactInput {
  readonly entry: ContractEntry;
  /** The contract's frozen-versions check: its findings are the pending changes. */
  readonly check: ContractCheck;
  readonly eServices: readonly EServiceConfig[];
  /** Recorded calls to the contract. */
  readonly usage: readonly UsageRow[];
  readonly now: number;
}

/**
 * Which e-services, and whose, a contract's lifecycle and its pending changes affect (the "can I deploy" question
 * asked of recorded traffic rather than of pacts vendors write):
 * - those pinned to, or still calling, a deprecated or sunset version;
 * - those whose recorded calls hit an operation that a pending breaking change would break at that version. Pending
 *   changes are what the frozen-versions check finds: the head compared with its frozen document, and older
 *   versions that a head edit would reach.
 * Pure.
 */
export function contractImpact(input: ImpactInput): ImpactedEService[] {
  const { entry, check, eServices, usage, now } = input;
  const { contract } = entry;
  const breakingByVersion = new Map<string, Map<string, Finding[]>>();
  for (const verdict of check.verdicts) {
    for (const finding of verdict.findings) {
      if (finding.severity !== 'breaking') continue;
      const byOperation = breakingByVersion.get(verdict.version) ?? new Map<string, Finding[]>();
      byOperation.set(finding.operationId, [...(byOperation.get(finding.operationId) ?? []), finding]);
      breakingByVersion.set(verdict.version, byOperation);
    }
  }

  const impacted: ImpactedEService[] = [];
  for (const eService of eServices) {
    const reasons: ImpactReason[] = [];
    const calls = usage.filter((row) => row.eServiceId === eService.id && row.contract === contract.name);
    const pinned = eService.contracts.find((pin) => pin.contract === contract.name)?.version;
    const versions = new Map<string, 'pin' | 'calls'>();
    if (pinned !== undefined) versions.set(pinned, 'pin');
    for (const row of calls) if (!versions.has(row.version)) versions.set(row.version, 'calls');
    for (const [version, via] of versions) {
      const resolved = contract.resolve(version);
      if (!resolved) continue;
      const { status } = versionStatus(resolved, now);
      if (status === 'active') continue;
      reasons.push({ kind: status, version, via, deprecated: resolved.deprecated, sunset: resolved.sunset });
    }
    const lastCall = new Map<string, string>();
    for (const row of calls) {
      const key = `${row.version} ${row.operationId}`;
      const seen = lastCall.get(key);
      if (seen === undefined || row.lastAt > seen) lastCall.set(key, row.lastAt);
    }
    for (const [key, lastAt] of [...lastCall].sort(([a], [b]) => a.localeCompare(b))) {
      const [version = '', operationId = ''] = key.split(' ');
      const findings = breakingByVersion.get(version)?.get(operationId);
      if (findings) reasons.push({ kind: 'breaking', version, operationId, findings, lastAt });
    }
    if (reasons.length > 0) {
      impacted.push({
        id: eService.id,
        name: eService.name.sv,
        owner: eService.owner,
        responsible: eService.responsible,
        reasons,
      });
    }
  }
  return impacted;
}

/** What `brygga contracts impact` prints. Plain text. Pure. */
export function formatImpact(contract: string, impacted: readonly ImpactedEService[]): string {
  if (impacted.length === 0) {
    return `${contract}: no e-service uses a deprecated version or an operation a pending change would break.`;
  }
  const blocks = impacted.map((eService) => {
    const lines = [
      `${eService.id}  ${eService.name}`,
      `  owner: ${eService.owner}; responsible: ${eService.responsible.name} <${eService.responsible.email}>`,
    ];
    for (const reason of eService.reasons) {
      if (reason.kind === 'breaking') {
        lines.push(
          `  - calls ${reason.operationId} at ${reason.version} (last ${reason.lastAt.slice(0, 10)}), which a pending change breaks:`,
        );
        for (const finding of reason.findings) {
          const where =
            finding.location === 'operation' ? 'operation' : `${finding.location}#${finding.path}`;
          lines.push(`      ${finding.rule}  ${where}`);
        }
      } else {
        const how = reason.via === 'pin' ? 'pinned to' : 'still calls';
        const dates = [
          reason.deprecated === undefined ? undefined : `deprecated ${reason.deprecated}`,
          reason.sunset === undefined ? undefined : `sunset ${reason.sunset}`,
        ]
          .filter((text) => text !== undefined)
          .join(', ');
        lines.push(
          `  - ${how} ${reason.version}, ${reason.kind === 'sunset' ? 'past its sunset' : 'deprecated'} (${dates})`,
        );
      }
    }
    return lines.join('\n');
  });
  const count = impacted.length;
  return `${contract}: ${count} e-service${count === 1 ? '' : 's'} affected\n\n${blocks.join('\n\n')}`;
}
