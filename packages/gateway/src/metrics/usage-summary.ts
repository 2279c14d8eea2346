import type { Contract } from '@brygga/contract';
import { textTable } from '../contracts/text-table.ts';
import type { UsageRow } from '../contracts/usage/event.ts';

/**
 * One e-service's use over a period, for its owner's follow-up.
 *
 * - `calls`: every contract call the e-service made.
 * - `submissions`: completed submissions, i.e. calls answered `ok` by an operation that changes something at the
 *   business system: any method other than GET, HEAD or OPTIONS at the version called (createCase, adding a
 *   supplement…). Reads are use, not submissions.
 * - `rejected`: refused before reaching the business system (invalid input, no login): the e-service's to fix.
 * - `errors`: the gateway or the business system failed (`failed`, `bad_response`, `timeout`). Declared operation
 *   errors (a business answer such as duplicate_submission) and calls the citizen abandoned are not errors.
 * - `errorRate`: errors / calls, null when there were no calls.
 */
export interface OwnerSummaryLine {
  readonly eServiceId: string;
  /** From the configuration; undefined for an e-service only the usage store knows (removed since). */
  readonly name: string | undefined;
  readonly owner: string | undefined;
  readonly calls: number;
  readonly submissions: number;
  readonly rejected: number;
  readonly operationErrors: number;
  readonly errors: number;
  readonly errorRate: number | null;
  readonly lastAt: string | undefined;
}

export interface OwnerSummaryOptions {
  /** Configured e-services: each gets a line, with zeros when unused (an unused service is a finding too). */
  readonly eServices: readonly { readonly id: string; readonly name: string; readonly owner: string }[];
  /** To tell submissions from reads. */
  readonly contracts: readonly Contract[];
  /** First and last UTC day included, `YYYY-MM-DD`; open when left out. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Only this e-service. */
  readonly eService?: string | undefined;
}

const errorOutcomes = new Set(['failed', 'bad_response', 'timeout']);
const readMethods = new Set(['get', 'head', 'options']);

/** Sums daily usage rows into one line per e-service, sorted by id. Pure. */
export function summariseForOwners(
  rows: readonly UsageRow[],
  options: OwnerSummaryOptions,
): OwnerSummaryLine[] {
  const contracts = new Map(options.contracts.map((contract) => [contract.name, contract]));
  const configured = new Map(options.eServices.map((eService) => [eService.id, eService]));
  const wanted = (id: string) => options.eService === undefined || options.eService === id;
  const lines = new Map<string, OwnerSummaryLine>();
  const lineOf = (id: string): OwnerSummaryLine =>
    lines.get(id) ?? {
      eServiceId: id,
      name: configured.get(id)?.name,
      owner: configured.get(id)?.owner,
      calls: 0,
      submissions: 0,
      rejected: 0,
      operationErrors: 0,
      errors: 0,
      errorRate: null,
      lastAt: undefined,
    };
  for (const id of configured.keys()) if (wanted(id)) lines.set(id, lineOf(id));

  for (const row of rows) {
    if (!wanted(row.eServiceId)) continue;
    if (options.from !== undefined && row.day < options.from) continue;
    if (options.to !== undefined && row.day > options.to) continue;
    const line = lineOf(row.eServiceId);
    const method = contracts.get(row.contract)?.operation(row.version, row.operationId)?.method.toLowerCase();
    const submission =
      (row.outcome === 'ok' || row.outcome === 'accepted') &&
      method !== undefined &&
      !readMethods.has(method);
    lines.set(row.eServiceId, {
      ...line,
      calls: line.calls + row.calls,
      submissions: line.submissions + (submission ? row.calls : 0),
      rejected: line.rejected + (row.outcome === 'rejected' ? row.calls : 0),
      operationErrors: line.operationErrors + (row.outcome === 'operation_error' ? row.calls : 0),
      errors: line.errors + (errorOutcomes.has(row.outcome) ? row.calls : 0),
      lastAt: line.lastAt === undefined || row.lastAt > line.lastAt ? row.lastAt : line.lastAt,
    });
  }
  return [...lines.values()]
    .map((line) => ({ ...line, errorRate: line.calls === 0 ? null : line.errors / line.calls }))
    .sort((a, b) => a.eServiceId.localeCompare(b.eServiceId));
}

/** The table `brygga usage summary` prints. Pure. */
export function formatOwnerSummary(lines: readonly OwnerSummaryLine[]): string {
  if (lines.length === 0) return 'No e-services in that selection.';
  return textTable(
    [
      'e-service',
      'owner',
      'calls',
      'submissions',
      'rejected',
      'op-errors',
      'errors',
      'error rate',
      'last call (UTC)',
    ],
    lines.map((line) => [
      line.eServiceId,
      line.owner ?? '(not configured)',
      String(line.calls),
      String(line.submissions),
      String(line.rejected),
      String(line.operationErrors),
      String(line.errors),
      line.errorRate === null ? '–' : `${(line.errorRate * 100).toFixed(1)} %`,
      line.lastAt === undefined ? '–' : line.lastAt.slice(0, 16).replace('T', ' '),
    ]),
  );
}
