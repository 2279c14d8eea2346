/** Human-readable report of findings, as `brygga contracts check` prints it. */
import type { Severity } from './rules.ts';
import type { Finding } from './types.ts';

const severityOrder: readonly Severity[] = ['breaking', 'non-breaking', 'notice'];

export function hasBreakingChanges(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'breaking');
}

/**
 * One block per finding, breaking ones first:
 *
 *     BREAKING  request-property-added-required
 *       createCase  request.body#/properties/email
 *       The property 'email' is new and required, with no default: requests without it are rejected.
 *
 * followed by a count line. The text is plain (no colours), so it reads the same in CI logs.
 */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No differences that affect clients.';
  const sorted = [...findings].sort(
    (a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity),
  );
  const width = Math.max(...sorted.map((f) => f.severity.length));
  const blocks = sorted.map((f) => {
    const where = f.location === 'operation' ? 'operation' : `${f.location}#${f.path}`;
    return [
      `${f.severity.toUpperCase().padEnd(width)}  ${f.rule}`,
      `  ${f.operationId}  ${where}`,
      `  ${f.message}`,
    ].join('\n');
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = [
    plural(count('breaking'), 'breaking change'),
    plural(count('non-breaking'), 'non-breaking change'),
    plural(count('notice'), 'notice'),
  ].join(', ');
  return `${blocks.join('\n\n')}\n\n${summary}.`;
}
