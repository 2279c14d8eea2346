import { dirname, resolve } from 'node:path';
import { crossCheck } from './cross-check.ts';
import type { Env } from './fields.ts';
import { type BryggaConfig, finalizeConfig } from './finalize.ts';
import { type ConfigIssue, formatPath, type PendingIssue } from './issue.ts';
import { buildConfigSchema } from './schema.ts';
import { type Position, readYamlSource, type YamlSource } from './yaml-source.ts';
import { translateZodIssues } from './zod-issues.ts';

export interface CheckOptions {
  /** The file the text came from: relative paths in it are resolved against its folder (default: the cwd). */
  readonly filePath?: string;
  /** Where `{ env: NAME }` secrets are read (default: process.env). */
  readonly env?: Env;
}

export type CheckResult = { ok: true; config: BryggaConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Checks configuration text and returns either the ready configuration or every mistake at once: YAML syntax,
 * structure and values, references between sections, and missing environment variables. No file I/O.
 */
export function checkConfigText(text: string, options: CheckOptions = {}): CheckResult {
  const source = readYamlSource(text);
  if (source.syntaxIssues.length > 0) {
    // The structure of a file that does not parse is guesswork: report the syntax first.
    return {
      ok: false,
      issues: sortIssues(source.syntaxIssues.map((issue) => place(issue, issue.position))),
    };
  }
  const baseDir = options.filePath === undefined ? process.cwd() : dirname(resolve(options.filePath));
  const schema = buildConfigSchema({ env: options.env ?? process.env, baseDir });
  const parsed = schema.safeParse(source.data);
  const pending = [
    ...(parsed.success ? [] : translateZodIssues(parsed.error.issues, schema, source.data)),
    ...crossCheck(source.data),
  ];
  if (pending.length > 0 || !parsed.success) {
    return { ok: false, issues: sortIssues(dedupe(pending).map((issue) => placeInSource(issue, source))) };
  }
  return { ok: true, config: finalizeConfig(parsed.data) };
}

function placeInSource(issue: PendingIssue, source: YamlSource): ConfigIssue {
  return place(issue, source.locate(issue.path, { atKey: issue.atKey ?? false }));
}

function place(issue: PendingIssue, position: Position | undefined): ConfigIssue {
  return {
    path: formatPath(issue.path),
    message: issue.message,
    ...(issue.expected === undefined ? {} : { expected: issue.expected }),
    ...(issue.found === undefined ? {} : { found: issue.found }),
    ...(position === undefined ? {} : { line: position.line, column: position.column }),
  };
}

function dedupe(issues: readonly PendingIssue[]): PendingIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${formatPath(issue.path)}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** In file order, so people can fix them top to bottom; issues without a place go last. */
function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const rank = (issue: ConfigIssue) => [issue.line ?? Number.MAX_SAFE_INTEGER, issue.column ?? 0] as const;
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => {
      const [lineA, columnA] = rank(a.issue);
      const [lineB, columnB] = rank(b.issue);
      return lineA - lineB || columnA - columnB || a.index - b.index;
    })
    .map(({ issue }) => issue);
}
