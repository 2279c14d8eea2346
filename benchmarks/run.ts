/**
 * `pnpm bench`: runs Brygga's benchmarks and prints one table. Figures are for comparing runs on the same machine;
 * record them in docs/benchmarks.md with the date and machine (`pnpm bench --record` does that).
 *
 *   --runs N       samples per measurement (default 20; the audit suite's throughput runs at most 3)
 *   --only NAME    one suite only: cold-start, audit, token-verify, translation, sdk, metrics or sync-read
 *   --record       also write each suite's table into its place in docs/benchmarks.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.ts';
import { renderTable } from './lib/table.ts';
import { audit } from './suites/audit.ts';
import { coldStart } from './suites/cold-start.ts';
import { metrics } from './suites/metrics.ts';
import { sdk } from './suites/sdk.ts';
import { syncRead } from './suites/sync-read.ts';
import { tokenVerify } from './suites/token-verify.ts';
import { translation } from './suites/translation.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, record: { type: 'boolean' }, only: { type: 'string' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');

const machine = describeMachine();
process.stdout.write(`Brygga benchmarks, ${runs} runs each\n${machine}\n\n`);
const suites = {
  'cold-start': coldStart,
  audit,
  'token-verify': tokenVerify,
  translation,
  sdk,
  metrics,
  'sync-read': syncRead,
} as const;
const chosen = Object.entries(suites).filter(([name]) => values.only === undefined || values.only === name);
if (chosen.length === 0) throw new Error(`--only takes one of: ${Object.keys(suites).join(', ')}`);
const date = new Date().toISOString().slice(0, 10);
const docsPath = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
let docs = values.record ? readFileSync(docsPath, 'utf8') : '';
const allRows = [];
for (const [name, suite] of chosen) {
  process.stdout.write(`${name}...\n`);
  const rows = await suite(runs);
  allRows.push(...rows);
  if (values.record) docs = recordSuite(docs, name, renderTable(rows));
}
process.stdout.write(`${renderTable(allRows)}\n`);
if (values.record) {
  writeFileSync(docsPath, docs);
  process.stdout.write('\nRecorded in docs/benchmarks.md.\n');
}

/**
 * Replaces one suite's block in docs/benchmarks.md (between `<!-- results:NAME:start -->` and its end marker,
 * appended at the end when missing), so recording one suite leaves the others' figures as they were.
 */
function recordSuite(text: string, name: string, table: string): string {
  const start = `<!-- results:${name}:start -->`;
  const end = `<!-- results:${name}:end -->`;
  const block = `${start}\nMeasured ${date} on ${machine}, with \`pnpm bench --only ${name} --runs ${runs}\`.\n\n${table}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, from) + block + text.slice(to + end.length);
}
