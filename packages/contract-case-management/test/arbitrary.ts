import fc from 'fast-check';
import { z } from 'zod';

type JsonSchema = z.core.JSONSchema.JSONSchema | boolean;

/**
 * Arbitrary valid values for a zod schema: generated from its JSON Schema (so every version's derived schemas get
 * generators for free), then filtered through the zod schema itself for what JSON Schema cannot say (refinements
 * such as the personnummer check digit). `io: 'input'` for what callers send, `'output'` for responses.
 */
export function arbitraryFor(schema: z.ZodType, io: 'input' | 'output'): fc.Arbitrary<unknown> {
  return fromJsonSchema(z.toJSONSchema(schema, { io }) as JsonSchema).filter(
    (value) => schema.safeParse(value).success,
  );
}

// Names and free texts get spaces (leading, doubled, trailing), Swedish letters and any other grapheme.
const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'e', 'n', 'r', 'Å', 'ä', 'ö', 'É', '-', "'") },
  { weight: 3, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/),
    fc.constantFrom('example.se', 'uppsala.se', 'exempel.nu'),
  )
  .map(([local, domain]) => `${local}@${domain}`);

const dateTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

export function fromJsonSchema(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (typeof schema === 'boolean') return fc.anything();
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(fromJsonSchema));
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map(fromJsonSchema));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => fromJsonSchema({ ...schema, type })));
  }
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value)]),
      );
      return fc.record(model, { requiredKeys: schema.required ?? [], noNullPrototype: true });
    }
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      return fc.array(items === undefined ? fc.anything() : fromJsonSchema(items), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    }
    case 'string': {
      if (schema.format === 'email') return email;
      if (schema.format === 'date-time') return dateTime;
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? 40, 40);
      if (schema.pattern) {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((value) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity));
      }
      return fc.string({ unit: textUnit, minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`arbitraryFor: no generator for ${JSON.stringify(schema)}`);
  }
}

/** The paths of every plain object inside a JSON value, root included, for planting extra fields. */
export function objectPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return [path, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...path, key]))];
}

/** A deep copy of `value` with `key: extra` added to the object at `path`. */
export function plant(
  value: unknown,
  path: readonly (string | number)[],
  key: string,
  extra: unknown,
): unknown {
  if (path.length === 0) return { ...(value as object), [key]: extra };
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? plant(item, rest, key, extra) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head as string]: plant(object[head as string], rest, key, extra) };
}

/** Keys in `value` that the JSON Schema does not declare, as dotted paths. */
export function undeclaredKeys(schema: JsonSchema, value: unknown, path = '$'): string[] {
  if (typeof schema === 'boolean' || value === null || typeof value !== 'object') return [];
  if (schema.anyOf) {
    const options = schema.anyOf.map((option) => undeclaredKeys(option, value, path));
    return options.find((found) => found.length === 0) ?? (options[0] as string[]);
  }
  if (Array.isArray(value)) {
    const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
    return items === undefined
      ? []
      : value.flatMap((item, index) => undeclaredKeys(items, item, `${path}[${index}]`));
  }
  const properties = schema.properties ?? {};
  return Object.entries(value).flatMap(([key, child]) => {
    const declared = properties[key];
    return declared === undefined ? [`${path}.${key}`] : undeclaredKeys(declared, child, `${path}.${key}`);
  });
}
