import { z } from 'zod';
import { type FieldMeta, fieldMeta } from './field-meta.ts';
import type { ConfigPath } from './issue.ts';

/*
 * Reading the config schema itself: which schema sits at a path, what it is called, its default, its text.
 * Used to explain issues (known keys, secret fields, expected types) and to generate the reference docs,
 * so both always say the same thing as the validation.
 */

type Schema = z.core.$ZodType;

/** The parts of zod's internal definitions this module reads; zod types `_zod.def` only by its base. */
interface AnyDef {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly element?: Schema;
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly defaultValue?: unknown;
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly getter?: () => Schema;
}

interface CheckDef {
  readonly check: string;
  readonly value?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly inclusive?: boolean;
}

const wrapperTypes = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'nonoptional',
  'catch',
]);

function defOf(schema: Schema): AnyDef {
  return schema._zod.def as unknown as AnyDef;
}

/** The schemas from the outside in, through optional/default/pipe wrappers, ending at the one that does the work. */
export function layers(schema: Schema): Schema[] {
  const result: Schema[] = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = wrapperTypes.has(def.type)
      ? def.innerType
      : def.type === 'pipe'
        ? def.in
        : def.type === 'lazy'
          ? def.getter?.()
          : undefined;
    if (next === undefined) return result;
    result.push(next);
    current = next;
  }
}

export function core(schema: Schema): Schema {
  const all = layers(schema);
  return all[all.length - 1] ?? schema;
}

export function typeOf(schema: Schema): string {
  return defOf(core(schema)).type;
}

export function metaOf(schema: Schema): FieldMeta {
  const merged: { secret?: true; label?: string } = {};
  for (const layer of layers(schema)) {
    const meta = fieldMeta.get(layer);
    if (meta?.secret) merged.secret = true;
    if (meta?.label !== undefined) merged.label ??= meta.label;
  }
  return merged;
}

/** The outermost description: `.describe()` is usually called last, on the wrapper. */
export function descriptionOf(schema: Schema): string | undefined {
  for (const layer of layers(schema)) {
    const description = z.globalRegistry.get(layer)?.description;
    if (description !== undefined) return description;
  }
  return undefined;
}

export interface DefaultInfo {
  readonly has: boolean;
  readonly value?: unknown;
}

export function defaultOf(schema: Schema): DefaultInfo {
  for (const layer of layers(schema)) {
    const def = defOf(layer);
    if (def.type === 'default' || def.type === 'prefault') return { has: true, value: def.defaultValue };
  }
  return { has: false };
}

/** True when the field may be left out of the file (it is optional or has a default). */
export function isOmittable(schema: Schema): boolean {
  return schema._zod.optin === 'optional' || defaultOf(schema).has;
}

export function objectShape(schema: Schema): Readonly<Record<string, Schema>> | undefined {
  const def = defOf(core(schema));
  return def.type === 'object' ? def.shape : undefined;
}

export function unionOptions(
  schema: Schema,
): { discriminator?: string; options: readonly Schema[] } | undefined {
  const def = defOf(core(schema));
  if (def.type !== 'union' || def.options === undefined) return undefined;
  return def.discriminator === undefined
    ? { options: def.options }
    : { discriminator: def.discriminator, options: def.options };
}

export function arrayElement(schema: Schema): Schema | undefined {
  const def = defOf(core(schema));
  return def.type === 'array' ? def.element : undefined;
}

/** The values a discriminated-union option accepts for its discriminator (undefined when it is the default). */
export function discriminatorValues(option: Schema, discriminator: string): unknown[] {
  const values = core(option)._zod.propValues?.[discriminator];
  return values === undefined ? [] : [...values];
}

/** For a discriminated union, the option the data chose (or would get by default); undefined if none. */
export function chooseOption(schema: Schema, data: unknown): Schema | undefined {
  const union = unionOptions(schema);
  if (union === undefined) return undefined;
  if (union.discriminator === undefined) return undefined;
  const chosen = isRecord(data) ? data[union.discriminator] : undefined;
  return union.options.find((option) =>
    discriminatorValues(option, union.discriminator ?? '').includes(chosen),
  );
}

/**
 * The schema of the value at `path`, following the data through discriminated unions. Undefined when the path
 * leaves the schema (an unknown key) or a union cannot be resolved.
 */
export function schemaAt(root: Schema, path: ConfigPath, data: unknown): Schema | undefined {
  let schema: Schema | undefined = root;
  let value = data;
  for (const segment of path) {
    if (schema === undefined) return undefined;
    schema = childOf(schema, segment, value);
    value =
      isRecord(value) || Array.isArray(value)
        ? (value as Record<PathSegmentKey, unknown>)[segment]
        : undefined;
  }
  return schema;
}

type PathSegmentKey = string | number;

function childOf(schema: Schema, segment: PathSegmentKey, data: unknown): Schema | undefined {
  const type = typeOf(schema);
  if (type === 'union') {
    const option = chooseOption(schema, data);
    return option === undefined ? undefined : childOf(option, segment, data);
  }
  if (type === 'object' && typeof segment === 'string') return objectShape(schema)?.[segment];
  if (type === 'array' && typeof segment === 'number') return arrayElement(schema);
  return undefined;
}

/** True when the value at `path`, or anything enclosing it, is a secret reference. */
export function isInsideSecret(root: Schema, path: ConfigPath, data: unknown): boolean {
  for (let length = path.length; length >= 0; length--) {
    const schema = schemaAt(root, path.slice(0, length), data);
    if (schema !== undefined && metaOf(schema).secret) return true;
  }
  return false;
}

/** The keys a mapping at this schema accepts, including those of every discriminated-union option. */
export function knownKeys(schema: Schema, data: unknown): string[] {
  const option = chooseOption(schema, data);
  const shape = objectShape(option ?? schema);
  if (shape !== undefined) return Object.keys(shape);
  const union = unionOptions(schema);
  if (union === undefined) return [];
  return [...new Set(union.options.flatMap((each) => Object.keys(objectShape(each) ?? {})))];
}

/** A short name for the kind of value a schema accepts, e.g. "whole number from 1 to 65535", "list of id". */
export function describeType(schema: Schema): string {
  const meta = metaOf(schema);
  if (meta.label !== undefined) return meta.label;
  const inner = core(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
      return stringType(def.format);
    case 'number':
      return numberType(def);
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'literal':
      return (def.values ?? []).map((value) => String(value)).join(' or ');
    case 'array': {
      const element = def.element;
      return element === undefined ? 'list' : `list of ${describeType(element)}`;
    }
    case 'object':
      return 'mapping';
    case 'union': {
      const union = unionOptions(inner);
      return union?.discriminator === undefined
        ? 'one of several forms'
        : `mapping, chosen by ${union.discriminator}`;
    }
    default:
      return def.type;
  }
}

function stringType(format: string | undefined): string {
  switch (format) {
    case 'url':
      return 'URL';
    case 'email':
      return 'e-mail address';
    case 'date':
      return 'date (YYYY-MM-DD)';
    case 'duration':
      return 'ISO 8601 duration';
    default:
      return 'text';
  }
}

function numberType(def: AnyDef): string {
  const whole = def.format?.includes('int') ?? false;
  let min: number | undefined;
  let max: number | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than' && c.value !== undefined) min = c.inclusive ? c.value : c.value + 1;
    if (c.check === 'less_than' && c.value !== undefined) max = c.inclusive ? c.value : c.value - 1;
  }
  const kind = whole ? 'whole number' : 'number';
  if (max !== undefined && max >= Number.MAX_SAFE_INTEGER) max = undefined;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
