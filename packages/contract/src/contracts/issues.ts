import type { z } from 'zod';

/**
 * One reason a value did not match a version's schema. It names where and why, never the value itself, so it can
 * go into a problem document or a log line even when the value was personal data.
 */
export interface Issue {
  /** Starts with the request part (`params`, `query`, `body`) for requests; the JSON path below it follows. */
  readonly path: readonly (string | number)[];
  /** zod's issue code (`invalid_type`, `too_small`, …) or `unrecognized_key`, so callers can localise. */
  readonly code: string;
  readonly message: string;
}

/** Appends the issues of a failed parse to `into`, under `prefix`. */
export function collectIssues(error: z.ZodError, prefix: string | undefined, into: Issue[]): void {
  for (const issue of error.issues) {
    const path: (string | number)[] = prefix === undefined ? [] : [prefix];
    for (const segment of issue.path) path.push(typeof segment === 'symbol' ? String(segment) : segment);
    if (issue.code === 'unrecognized_keys') {
      // One issue per key, with the key in the path rather than in a message built from input.
      for (const key of issue.keys)
        into.push({ path: [...path, key], code: 'unrecognized_key', message: 'Unknown field.' });
    } else {
      into.push({ path, code: issue.code, message: issue.message });
    }
  }
}

/** `body.applicant.name`, for messages meant for developers. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
