import type { Context } from 'hono';
import type * as z from 'zod';
import { toFieldIssues } from '../api/validation.ts';
import { type IssueLocation, ProblemError } from './problem.ts';

const jsonContentType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The request body as JSON: 415 for another content type, 400 for text that is not JSON. */
export async function readJson(c: Context): Promise<unknown> {
  if (!jsonContentType.test(c.req.header('content-type') ?? '')) {
    throw new ProblemError('unsupported_media_type', { headers: { accept: 'application/json' } });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the input, so it is not kept even as a cause.
    throw new ProblemError('malformed_json');
  }
}

/** Validates with a zod schema; failures become a problem listing fields and reasons, never values. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: IssueLocation = 'body',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(location === 'body' ? 'validation_failed' : 'bad_request', {
    location,
    issues: toFieldIssues(result.error.issues),
  });
}
