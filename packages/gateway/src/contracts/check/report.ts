import { formatFindings } from '@brygga/contract';
import type { ContractCheck, VersionVerdict } from './check.ts';

/**
 * What `brygga contracts check` prints for one contract: a line per version document, then the findings behind
 * each failure (rule, operation, JSON path). Plain text, the same in a terminal and a CI log. Pure.
 */
/** Files this run wrote: a new version's document, or the head's additive update. */
export type Written = ReadonlyMap<string, 'published' | 'recorded'>;

export function formatCheck(check: ContractCheck, written: Written = new Map()): string {
  const lines = [`${check.contract}`];
  const details: string[] = [];
  for (const verdict of check.verdicts) {
    const wrote = written.get(verdict.file);
    const text =
      wrote === 'published'
        ? 'published: frozen from now on'
        : wrote === 'recorded'
          ? 'head: additive changes recorded'
          : describe(verdict);
    lines.push(`  ${(wrote ? 'written' : label(verdict)).padEnd(8)} ${verdict.file}  ${text}`);
    if (verdict.findings.length > 0 && verdict.state !== 'unchanged') {
      details.push(`${check.contract} ${verdict.file}:\n${indent(formatFindings(verdict.findings))}`);
    }
  }
  for (const version of check.retired) {
    lines.push(
      `  note     ${version}.json  the contract no longer has this version (retired); the file can go`,
    );
  }
  return [lines.join('\n'), ...details].join('\n\n');
}

function label(verdict: VersionVerdict): string {
  switch (verdict.state) {
    case 'unchanged':
    case 'additive':
      return 'ok';
    default:
      return 'FAILED';
  }
}

function describe(verdict: VersionVerdict): string {
  const additions = `${verdict.findings.length} additive change${verdict.findings.length === 1 ? '' : 's'}`;
  switch (verdict.state) {
    case 'unchanged':
      return 'unchanged';
    case 'additive':
      return `head: ${additions} since it was written, none breaking; run with --write to record them`;
    case 'missing':
      return 'not published yet: run `brygga contracts check --write` and commit the file';
    case 'breaking':
      return 'breaking change at the head that no version change covers: publish it as a new version whose version changes keep this one as it is';
    case 'drifted':
      return `changed at ${verdict.path}: published versions are frozen; undo the change that reached it (a head edit needs a version change that keeps older versions as they were)`;
    case 'unreadable':
      return 'is not valid JSON';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n');
}
