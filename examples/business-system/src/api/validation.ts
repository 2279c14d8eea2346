import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

/**
 * One invalid field, named by JSON Pointer. Deliberately no value and no library message: zod's messages
 * can quote the input (an unknown key, for one), and the input may be a personal number.
 */
export interface FieldIssue {
  readonly pointer: string;
  readonly reason: string;
}

export function toFieldIssues(issues: readonly Issue[]): FieldIssue[] {
  return issues.map((issue) => ({ pointer: toPointer(issue.path), reason: reasonOf(issue) }));
}

function reasonOf(issue: Issue): string {
  if (issue.code === 'custom') {
    const reason: unknown = issue.params?.reason;
    return typeof reason === 'string' ? reason : 'invalid';
  }
  return issue.code;
}

/** RFC 6901: '' is the whole document, '~' and '/' are escaped. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
