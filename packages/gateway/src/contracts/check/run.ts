import type { CliIo } from '../../cli/command.ts';
import type { ContractEntry } from '../registry.ts';
import { checkContract, documentsToWrite } from './check.ts';
import { readCommitted, writeDocument } from './files.ts';
import { formatCheck } from './report.ts';

/**
 * Runs the frozen-versions gate over every contract that has a folder of committed documents; with `write`,
 * writes the documents of unpublished versions (and the head's additive update) first, never anything else.
 * Returns the exit code: 0 when every contract passes.
 */
export function runContractsCheck(
  entries: readonly ContractEntry[],
  options: { readonly write: boolean; readonly io: Pick<CliIo, 'stdout' | 'stderr'> },
): number {
  let failed = false;
  const reports: string[] = [];
  for (const entry of entries) {
    const dir = entry.openapiDir;
    if (dir === undefined) continue;
    let check = checkContract(entry, readCommitted(dir));
    const written = new Map<string, 'published' | 'recorded'>();
    if (options.write) {
      for (const verdict of documentsToWrite(check)) {
        const missing = verdict.state === 'missing';
        writeDocument(dir, verdict.file, verdict.expected, missing ? 'create' : 'replace');
        written.set(verdict.file, missing ? 'published' : 'recorded');
      }
      // Report on what is on disk now.
      if (written.size > 0) check = checkContract(entry, readCommitted(dir));
    }
    reports.push(formatCheck(check, written));
    if (!check.ok) failed = true;
  }
  const text = `${reports.join('\n\n')}\n`;
  if (failed) {
    options.io.stderr(text);
    options.io.stderr('\nThe contracts check failed. docs/contracts.md explains the rules.\n');
    return 1;
  }
  options.io.stdout(text);
  return 0;
}
