import { type Contract, versionStatus } from '@brygga/contract';
import { textTable } from '../text-table.ts';
import type { UsageRow } from './event.ts';

/** Calls of one e-service to one operation at one version, summed over the days asked for. */
export interface UsageLine {
  readonly eServiceId: string;
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly calls: number;
  readonly ok: number;
  /** Taken into the outbox (202 with a receipt); how the delivery ends is the receipt's, not counted here. */
  readonly accepted: number;
  /** Refused before reaching the business system (the caller's to fix). */
  readonly rejected: number;
  /** The operation's declared error cases. */
  readonly operationErrors: number;
  /** The business system or its adapter failed, timed out, or the caller left. */
  readonly failures: number;
  readonly lastAt: string;
}

const notFailures = new Set(['ok', 'accepted', 'rejected', 'operation_error']);

/** Sums daily rows into one line per (e-service, contract, version, operation), sorted. Pure. */
export function summariseUsage(rows: readonly UsageRow[]): UsageLine[] {
  const lines = new Map<string, UsageLine>();
  for (const row of rows) {
    const key = [row.eServiceId, row.contract, row.version, row.operationId].join('\u0000');
    const line = lines.get(key) ?? {
      eServiceId: row.eServiceId,
      contract: row.contract,
      version: row.version,
      operationId: row.operationId,
      calls: 0,
      ok: 0,
      accepted: 0,
      rejected: 0,
      operationErrors: 0,
      failures: 0,
      lastAt: row.lastAt,
    };
    lines.set(key, {
      ...line,
      calls: line.calls + row.calls,
      ok: line.ok + (row.outcome === 'ok' ? row.calls : 0),
      accepted: line.accepted + (row.outcome === 'accepted' ? row.calls : 0),
      rejected: line.rejected + (row.outcome === 'rejected' ? row.calls : 0),
      operationErrors: line.operationErrors + (row.outcome === 'operation_error' ? row.calls : 0),
      failures: line.failures + (notFailures.has(row.outcome) ? 0 : row.calls),
      lastAt: later(row.lastAt, line.lastAt),
    });
  }
  return [...lines.values()].sort(
    (a, b) =>
      a.eServiceId.localeCompare(b.eServiceId) ||
      a.contract.localeCompare(b.contract) ||
      b.version.localeCompare(a.version) ||
      a.operationId.localeCompare(b.operationId),
  );
}

/**
 * The table `brygga contracts usage` prints, with each version's lifecycle at `now` (deprecated or sunset
 * versions are marked, so the table doubles as a migration to-do list). Pure.
 */
export function formatUsage(
  lines: readonly UsageLine[],
  contracts: readonly Contract[],
  now: number,
): string {
  if (lines.length === 0) return 'No contract calls recorded in that period.';
  const byName = new Map(contracts.map((contract) => [contract.name, contract]));
  // Shown only when some call went through the outbox, so tables without it keep their columns.
  const outbox = lines.some((line) => line.accepted > 0);
  const rows = lines.map((line) => [
    line.eServiceId,
    line.contract,
    line.version,
    lifecycleOf(byName.get(line.contract), line.version, now),
    line.operationId,
    String(line.calls),
    String(line.ok),
    ...(outbox ? [String(line.accepted)] : []),
    String(line.rejected),
    String(line.operationErrors),
    String(line.failures),
    line.lastAt.slice(0, 16).replace('T', ' '),
  ]);
  return textTable(
    [
      'e-service',
      'contract',
      'version',
      'status',
      'operation',
      'calls',
      'ok',
      ...(outbox ? ['accepted'] : []),
      'rejected',
      'op-errors',
      'failed',
      'last call (UTC)',
    ],
    rows,
  );
}

function lifecycleOf(contract: Contract | undefined, version: string, now: number): string {
  const resolved = contract?.resolve(version);
  if (!resolved) return 'unknown';
  return versionStatus(resolved, now).status;
}

/** The later of two ISO 8601 instants (they compare as text). */
const later = (a: string, b: string) => (a > b ? a : b);
