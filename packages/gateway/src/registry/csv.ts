import { csvDocument } from '../csv/cell.ts';
import type { Register, RegisterEntry } from './register.ts';

/** Columns of the CSV register: one row per e-service, lists joined with "; ". */
const columns: readonly (readonly [string, (entry: RegisterEntry) => string])[] = [
  ['id', (e) => e.id],
  ['name_sv', (e) => e.name.sv],
  ['name_en', (e) => e.name.en],
  ['description_sv', (e) => e.description.sv],
  ['description_en', (e) => e.description.en ?? ''],
  ['owner', (e) => e.owner],
  ['responsible_name', (e) => e.responsible?.name ?? ''],
  ['responsible_email', (e) => e.responsible?.email ?? ''],
  ['vendor', (e) => e.vendor.name],
  ['lifecycle', (e) => e.lifecycle],
  ['live_status', (e) => e.liveStatus],
  ['contracts', (e) => list(e.contracts.map((c) => `${c.contract}@${c.version} (${c.lifecycle})`))],
  ['business_systems', (e) => list(e.businessSystems.map((s) => `${s.name} (${s.owner})`))],
  ['purposes', (e) => list(e.purposes.map((p) => p.id))],
  ['personal_data_categories', (e) => list(e.personalDataCategories)],
  ['receives_personnummer_for', (e) => e.receivesPersonnummer?.purpose ?? ''],
  ['retention', (e) => list(e.retention.map((r) => `${r.class} ${r.duration}`))],
  ['assurance_level', (e) => e.assuranceLevel ?? ''],
  ['accessibility_statement_url', (e) => e.accessibilityStatementUrl ?? ''],
];

export const registerCsvColumns: readonly string[] = columns.map(([name]) => name);

/**
 * The register as RFC 4180 CSV: a byte order mark (so Excel reads å ä ö), a header row, CRLF line ends, fields
 * quoted when they need it, and no cell a spreadsheet would run as a formula (`csvCell`). Pure.
 */
export function registerToCsv(register: Register): string {
  return csvDocument([
    registerCsvColumns,
    ...register.eServices.map((entry) => columns.map(([, value]) => value(entry))),
  ]);
}

function list(values: readonly string[]): string {
  return values.join('; ');
}
