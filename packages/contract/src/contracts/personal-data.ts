import { z } from 'zod';
import { walkSchema } from './schema-walk.ts';

/**
 * The metadata key that marks personal data. It is zod metadata in the global registry, so it travels with the
 * schema into JSON Schema and OpenAPI (`"x-personal-data": true`) and the list of personal fields is never
 * written down a second time.
 */
export const personalDataKey = 'x-personal-data';

/** Marks a schema (usually a field) as personal data. Returns a copy; the type is unchanged. */
export function personalData<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [personalDataKey]: true });
}

export function isPersonalData(schema: z.core.$ZodType): boolean {
  return z.globalRegistry.get(schema)?.[personalDataKey] === true;
}

const cache = new WeakMap<z.core.$ZodType, readonly string[]>();

/**
 * The JSON paths (`$.applicant.personalIdentityNumber`, `$.cases[*].applicant.name`) of every value the schema
 * marks as personal data. A marked object or array counts as a whole; its inside is not listed again.
 * Derived from the schema and cached per schema instance, so repeated calls cost a map lookup.
 */
export function personalDataPaths(schema: z.core.$ZodType): readonly string[] {
  const cached = cache.get(schema);
  if (cached) return cached;
  const paths = new Set<string>();
  walkSchema(schema, (node, path) => {
    if (!isPersonalData(node)) return undefined;
    paths.add(path);
    return false;
  });
  const result = Object.freeze([...paths]);
  cache.set(schema, result);
  return result;
}
