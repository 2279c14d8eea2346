type Schema = { readonly [keyword: string]: unknown };

/** No example can be made for a schema; the message names where, so a vendor knows which example to give. */
export class ExampleSynthesisError extends Error {
  constructor(path: readonly (string | number)[], reason: string) {
    super(`Cannot make an example at ${path.length > 0 ? path.join('.') : '(root)'}: ${reason}.`);
    this.name = 'ExampleSynthesisError';
  }
}

const byFormat: Readonly<Record<string, string>> = {
  'date-time': '2026-11-20T09:30:00Z',
  date: '2026-11-20',
  time: '09:30:00',
  email: 'test@example.se',
  uri: 'https://example.se/',
  url: 'https://example.se/',
  uuid: '00000000-0000-4000-8000-000000000000',
};
const stringCandidates = ['example', 'EXAMPLE-1', 'a1', 'A', '1'];

/**
 * A small valid value for a JSON Schema (draft 2020-12, as `jsonSchemaFor` gives): `const`, `examples`,
 * `default` or the first `enum` value when there is one, every property of an object, one item of an array,
 * strings by format or from a few candidates checked against `pattern`. Pure; throws
 * {@link ExampleSynthesisError} where it cannot (a pattern none of its candidates match).
 */
export function exampleFromSchema(
  schema: Schema,
  root: Schema = schema,
  path: (string | number)[] = [],
): unknown {
  if (typeof schema.$ref === 'string')
    return exampleFromSchema(resolveRef(schema.$ref, root, path), root, path);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      const chosen = (options as Schema[]).find((option) => option.type !== 'null') ?? (options[0] as Schema);
      return exampleFromSchema(chosen, root, path);
    }
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  const type = types.find((each) => each !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Readonly<Record<string, Schema>>;
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        value[name] = exampleFromSchema(property, root, [...path, name]);
      }
      return value;
    }
    case 'array': {
      const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as Schema[]) : [];
      const items = prefix.map((item, index) => exampleFromSchema(item, root, [...path, index]));
      const count = Math.max(1, Number(schema.minItems ?? 0)) - items.length;
      for (let index = 0; index < count && schema.items && schema.items !== false; index++) {
        items.push(exampleFromSchema(schema.items as Schema, root, [...path, items.length]));
      }
      return items;
    }
    case 'string':
      return exampleString(schema, path);
    case 'integer':
    case 'number': {
      const above = schema.exclusiveMinimum === undefined ? undefined : Number(schema.exclusiveMinimum) + 1;
      const lowest = Number(schema.minimum ?? above ?? 1);
      const value = type === 'integer' ? Math.ceil(lowest) : lowest;
      return schema.maximum === undefined ? value : Math.min(value, Number(schema.maximum));
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

function exampleString(schema: Schema, path: readonly (string | number)[]): string {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const formatted = typeof schema.format === 'string' ? byFormat[schema.format] : undefined;
  const candidates = formatted === undefined ? stringCandidates : [formatted, ...stringCandidates];
  for (const candidate of candidates) {
    const sized = candidate.padEnd(minLength, 'x').slice(0, maxLength);
    if (sized.length >= minLength && (!pattern || pattern.test(sized))) return sized;
  }
  throw new ExampleSynthesisError(path, `no built-in string matches the pattern /${String(schema.pattern)}/`);
}

function resolveRef(ref: string, root: Schema, path: readonly (string | number)[]): Schema {
  let target: unknown = root;
  for (const part of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    target = (target as Schema | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (typeof target !== 'object' || target === null)
    throw new ExampleSynthesisError(path, `cannot resolve ${ref}`);
  return target as Schema;
}
