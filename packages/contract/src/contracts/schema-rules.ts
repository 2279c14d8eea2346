import type { z } from 'zod';
import type { RequestShape } from './operation.ts';
import type { PathTemplate } from './path-template.ts';
import { objectMode, walkSchema } from './schema-walk.ts';

const isSchema = (value: unknown): value is z.ZodType =>
  typeof (value as z.ZodType | undefined)?.safeParse === 'function';
const isObjectSchema = (value: unknown): value is z.ZodObject =>
  isSchema(value) && value._zod.def.type === 'object';

/**
 * Rules every version's request schemas must follow: params match the path template, and every object is strict
 * so a field the version does not know is refused rather than silently dropped.
 */
export function checkRequestShape(
  request: RequestShape,
  template: PathTemplate,
  where: string,
  problems: string[],
): void {
  const { params, query, body } = request;
  if (params !== undefined && !isObjectSchema(params))
    problems.push(`${where}: request params must be a zod object.`);
  if (query !== undefined && !isObjectSchema(query))
    problems.push(`${where}: request query must be a zod object.`);
  if (body !== undefined && !isSchema(body))
    problems.push(`${where}: the request body must be a zod schema.`);
  const declared = isObjectSchema(params) ? Object.keys(params.shape).sort() : [];
  const expected = [...template.params].sort();
  if (declared.join() !== expected.join()) {
    problems.push(
      `${where}: the params schema declares {${declared.join(', ')}} but the path ${template.template} has {${expected.join(', ')}}.`,
    );
  }
  for (const [part, schema] of [
    ['params', params],
    ['query', query],
    ['body', body],
  ] as const) {
    if (!isSchema(schema)) continue;
    walkSchema(schema, (node, path) => {
      const def = (node as z.core.$ZodTypes)._zod.def;
      if (def.type === 'object' && objectMode(node as z.core.$ZodObject) !== 'strict') {
        problems.push(`${where}: the request ${part} object at ${path} must be strict (z.strictObject).`);
      }
      return undefined;
    });
  }
}

/** Every object in a response must strip unknown keys (z.object), so newer fields never reach older callers. */
export function checkResponseBody(body: unknown, where: string, problems: string[]): void {
  if (!isSchema(body)) {
    problems.push(`${where}: the response body must be a zod schema.`);
    return;
  }
  walkSchema(body, (node, path) => {
    const def = (node as z.core.$ZodTypes)._zod.def;
    if (def.type === 'object' && objectMode(node as z.core.$ZodObject) !== 'strip') {
      problems.push(`${where}: the response object at ${path} must strip unknown keys (plain z.object).`);
    }
    return undefined;
  });
}
