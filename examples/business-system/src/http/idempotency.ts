import { createHash } from 'node:crypto';
import { ProblemError } from './problem.ts';

/** Reads the `Idempotency-Key` header: 1–255 visible ASCII characters, optionally as a quoted string. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ProblemError('bad_request', {
      location: 'header',
      issues: [{ pointer: '/idempotency-key', reason: 'invalid_idempotency_key' }],
    });
  }
  return key;
}

/**
 * Identifies a request for idempotency: method, path and the parsed body, with object keys sorted so that
 * the same JSON in a different key order counts as the same request. Pure.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('base64url');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
