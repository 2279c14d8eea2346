import { formatIssues } from './format.ts';
import type { ConfigIssue } from './issue.ts';

const brand = Symbol.for('brygga.config-error');

/** The configuration could not be loaded; `issues` lists every mistake, with its place in the file. */
export class ConfigError extends Error {
  readonly code = 'ERR_BRYGGA_CONFIG';
  readonly issues: readonly ConfigIssue[];
  readonly filePath: string | undefined;

  constructor(issues: readonly ConfigIssue[], filePath?: string) {
    const count = issues.length;
    super(
      `${filePath ?? 'The configuration'} has ${count} mistake${count === 1 ? '' : 's'}:\n\n${formatIssues(issues, filePath)}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
    this.filePath = filePath;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Works across duplicate installs of this package, where `instanceof` would not. */
  static is(value: unknown): value is ConfigError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
