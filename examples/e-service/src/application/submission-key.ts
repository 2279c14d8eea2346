import { createHash, randomUUID } from 'node:crypto';
import type { Application } from './form.ts';

/** The Idempotency-Key of the latest submission attempt, and what was submitted under it. */
export interface SubmissionKey {
  readonly key: string;
  /** A hash of the application, so the key itself carries nothing about it. */
  readonly fingerprint: string;
}

/** A stable hash of an application: the same answers give the same hash whatever the key order. Pure. */
export function fingerprint(application: Application): string {
  return createHash('sha256').update(canonical(application)).digest('base64url');
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, each]) => each !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, each]) => `${JSON.stringify(name)}:${canonical(each)}`).join(',')}}`;
}

/**
 * The key for submitting `application`: the previous one when the same application is sent again (a double
 * click, a reload after a dropped answer), so the gateway opens the case once; a new one when anything changed,
 * because the gateway refuses a key reused for a different request.
 */
export function submissionKey(
  previous: SubmissionKey | undefined,
  application: Application,
  newKey: () => string = randomUUID,
): SubmissionKey {
  const print = fingerprint(application);
  return previous?.fingerprint === print ? previous : { key: newKey(), fingerprint: print };
}
