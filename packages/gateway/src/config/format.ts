import type { ConfigIssue } from './issue.ts';

/**
 * People-readable issues, one block per issue:
 *
 *     brygga.config.yaml:12:7  eServices[0].purposes[0]
 *       This e-service names a purpose that is not defined.
 *       expected: the id of a purpose defined under purposes
 *       found: "tax-check"
 */
export function formatIssues(issues: readonly ConfigIssue[], filePath?: string): string {
  return issues.map((issue) => formatIssue(issue, filePath)).join('\n\n');
}

function formatIssue(issue: ConfigIssue, filePath: string | undefined): string {
  const place = issue.line === undefined ? '' : `${issue.line}:${issue.column ?? 1}`;
  const location =
    filePath === undefined
      ? place === ''
        ? ''
        : `line ${place}`
      : place === ''
        ? filePath
        : `${filePath}:${place}`;
  const where = issue.path === '' ? '(whole file)' : issue.path;
  const lines = [`${location === '' ? '' : `${location}  `}${where}`, `  ${issue.message}`];
  if (issue.expected !== undefined) lines.push(`  expected: ${issue.expected}`);
  if (issue.found !== undefined) lines.push(`  found: ${issue.found}`);
  return lines.join('\n');
}
