/**
 * `pnpm bench`: runs Brygga's benchmarks and prints one table. Figures are for comparing runs on the same machine;
 * record them in docs/benchmarks.md with the date and machine (`pnpm bench --record` does that).
 *
 *   --runs N       samples per measurement (default 20; the audit suite's throughput runs at most 3)
 *   --only NAME    one suite only: cold-start, audit, token-verify, translation or sdk
 *   --record       also write the table into docs/benchmarks.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.ts';
import { renderTable } from './lib/table.ts';
import { audit } from './suites/audit.ts';
import { coldStart } from './suites/cold-start.ts';
import { sdk } from './suites/sdk.ts';
import { tokenVerify } from './suites/token-verify.ts';
import { translation } from './suites/translation.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, record: { type: 'boolean' }, only: { type: 'string' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');

const machine = describeMachine();
process.stdout.write(`Brygga benchmarks, ${runs} runs each\n${machine}\n\n`);
const suites = { 'cold-start': coldStart, audit, 'token-verify': tokenVerify, translation, sdk } as const;
const chosen = Object.entries(suites).filter(([name]) => values.only === undefined || values.only === name);
if (chosen.length === 0) throw new Error(`--only takes one of: ${Object.keys(suites).join(', ')}`);
const rows = [];
for (const [name, suite] of chosen) {
  process.stdout.write(`${name}...\n`);
  rows.push(...(await suite(runs)));
}
const table = renderTable(rows);
process.stdout.write(`${table}\n`);

if (values.record) {
  const docs = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const text = readFileSync(docs, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md lacks the ${start} … ${end} markers`);
  const date = new Date().toISOString().slice(0, 10);
  const block = `${start}\nMeasured ${date} on ${machine}, with \`pnpm bench --runs ${runs}\`.\n\n${table}\n${end}`;
  writeFileSync(docs, text.slice(0, from) + block + text.slice(to + end.length));
  process.stdout.write('\nRecorded in docs/benchmarks.md.\n');
}
