import { BryggaError } from '@brygga/contract';
import type { Context } from 'hono';
import type { z } from 'zod';

/**
 * Reads the request body as JSON and validates it: malformed JSON (or an empty body) becomes
 * `malformed_json`, a schema mismatch is thrown as the ZodError itself, which the problem translator turns
 * into `validation_failed` with one entry per invalid field and never the rejected values.
 *
 * @example
 * app.post('/cases', async (c) => {
 *   const input = await readJson(c, caseSchema);
 *   ...
 * });
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BryggaError('malformed_json', { cause });
  }
  return schema.parseAsync(value);
}
