/**
 * Turns a raw JSON Schema node into a normal form the comparison can walk: local `$ref`s resolved, `allOf`
 * merged where that keeps the meaning, `null` taken out into a flag, and `anyOf`/`oneOf` split into variants.
 * Pure; one view per root document, because `$ref`s are resolved against the root they came from.
 */
import { canonical, deepEqual, isObject, type JsonObject, resolvePointer } from './json.ts';

export type PrimitiveType = 'boolean' | 'object' | 'array' | 'string' | 'number' | 'integer';

interface NormalBase {
  /** The schema (for plain nodes) or its annotations (for the other kinds). */
  readonly node: JsonObject;
  /** Whether null is allowed besides `types`. Meaningless when `types` is undefined (then anything is). */
  readonly nullable: boolean;
}

export interface PlainNormal extends NormalBase {
  readonly kind: 'plain';
  /** Non-null types allowed; undefined means no type restriction at all. `number` includes integers. */
  readonly types: readonly PrimitiveType[] | undefined;
}

export interface UnionNormal extends NormalBase {
  readonly kind: 'union';
  readonly keyword: 'anyOf' | 'oneOf';
  /** Two or more non-null alternatives, with the keywords beside `anyOf`/`oneOf` merged into each. */
  readonly variants: readonly Normal[];
}

/** An `allOf` that could not be merged into one schema without changing its meaning. */
export interface AllOfNormal extends NormalBase {
  readonly kind: 'all-of';
  readonly members: readonly Normal[];
  readonly reason: string;
  readonly raw: unknown;
}

/** Something the rules cannot analyse (an unresolvable `$ref`, a non-schema value...). */
export interface OpaqueNormal extends NormalBase {
  readonly kind: 'opaque';
  readonly reason: string;
  readonly raw: unknown;
}

export type Normal = PlainNormal | UnionNormal | AllOfNormal | OpaqueNormal;

export interface SchemaView {
  normalize(schema: unknown): Normal;
}

/** Keywords that constrain values; anything else (title, description, default, x-*...) is an annotation. */
const assertionKeywords = new Set([
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxContains',
  'minContains',
  'contains',
  'items',
  'prefixItems',
  'unevaluatedItems',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
  'unevaluatedProperties',
  'dependentSchemas',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  '$ref',
  '$dynamicRef',
  'nullable',
]);

const lowerBounds = new Set([
  'minimum',
  'exclusiveMinimum',
  'minLength',
  'minItems',
  'minProperties',
  'minContains',
]);
const upperBounds = new Set([
  'maximum',
  'exclusiveMaximum',
  'maxLength',
  'maxItems',
  'maxProperties',
  'maxContains',
]);
/** Schema-valued keywords whose conjunction is again that keyword applied to `allOf` of both. */
const conjoinable = new Set(['items', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems']);

const primitiveTypes: readonly string[] = ['boolean', 'object', 'array', 'string', 'number', 'integer'];

export const anySchema: PlainNormal = { kind: 'plain', node: {}, nullable: false, types: undefined };
const neverSchema: PlainNormal = { kind: 'plain', node: {}, nullable: false, types: [] };

export function hasAssertions(node: JsonObject): boolean {
  return Object.keys(node).some((key) => assertionKeywords.has(key));
}

function pick(node: JsonObject, keep: (key: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([key]) => keep(key)));
}

function typeOfValue(value: unknown): PrimitiveType | 'null' | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

function typeList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function intersectTypes(a: unknown, b: unknown): string[] {
  const left = typeList(a) ?? [];
  const right = typeList(b) ?? [];
  const out = new Set<string>();
  for (const t of left) {
    if (right.includes(t)) out.add(t);
    else if (t === 'integer' && right.includes('number')) out.add('integer');
    else if (t === 'number' && right.includes('integer')) out.add('integer');
  }
  return [...out];
}

function valueSetsOverlap(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const right = new Set(b.map(canonical));
  return a.filter((v) => right.has(canonical(v)));
}

/** Whether `value` is a whole multiple of `step` (with room for floating-point error). */
export function isMultiple(value: number, step: number): boolean {
  if (step <= 0) return false;
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9 * Math.max(1, Math.abs(ratio));
}

export function createSchemaView(root: unknown): SchemaView {
  const normalCache = new WeakMap<object, Normal>();
  const pending = new WeakSet<object>();
  const ids = new WeakMap<object, number>();
  const conjCache = new Map<string, JsonObject>();
  let nextId = 1;
  const idOf = (value: object): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = nextId++;
      ids.set(value, id);
    }
    return id;
  };

  /** `allOf: [a, b]` with the trivial cases folded; the same pair always gives the same object (cycle-safe). */
  function conj(a: unknown, b: unknown): unknown {
    const trivial = (x: unknown) =>
      x === undefined || x === true || (isObject(x) && Object.keys(x).length === 0);
    if (trivial(a)) return b ?? true;
    if (trivial(b)) return a;
    if (a === false || b === false) return false;
    if (deepEqual(a, b)) return a;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return { allOf: [a, b] };
    const key = `${idOf(a)},${idOf(b)}`;
    let combined = conjCache.get(key);
    if (combined === undefined) {
      combined = { allOf: [a, b] };
      conjCache.set(key, combined);
    }
    return combined;
  }

  type Resolved = { node: JsonObject | boolean; annotations: JsonObject } | { opaque: string; raw: unknown };

  /** Follows `$ref`s; keywords beside a `$ref` are kept: assertions as an `allOf`, annotations on the side. */
  function resolve(schema: unknown): Resolved {
    let node: unknown = schema;
    let annotations: JsonObject = {};
    const seen = new Set<unknown>();
    while (isObject(node) && typeof node.$ref === 'string') {
      if (seen.has(node)) return { opaque: `the reference '${node.$ref}' only leads to itself`, raw: node };
      seen.add(node);
      const ref = node.$ref;
      const target = resolvePointer(root, ref);
      if (target === undefined || (typeof target !== 'boolean' && !isObject(target))) {
        return { opaque: `the reference '${ref}' cannot be resolved in this schema`, raw: { $ref: ref } };
      }
      const rest = pick(node, (key) => key !== '$ref');
      if (hasAssertions(rest)) {
        node = conj(
          target,
          pick(rest, (key) => assertionKeywords.has(key)),
        );
        annotations = { ...pick(rest, (key) => !assertionKeywords.has(key)), ...annotations };
        break;
      }
      annotations = { ...rest, ...annotations };
      node = target;
    }
    if (typeof node === 'boolean' || isObject(node)) return { node, annotations };
    return { opaque: 'this is not a schema (a schema is an object or a boolean)', raw: node };
  }

  type Flat = { merged: JsonObject } | { unmergeable: string };

  /** Merges `allOf` members (and the keywords beside them) into one schema, or says why that is unsafe. */
  function flatten(node: JsonObject, stack: Set<object>): Flat {
    if (!Array.isArray(node.allOf)) return { merged: node };
    if (stack.has(node)) return { unmergeable: 'the allOf contains itself' };
    stack.add(node);
    try {
      let merged: JsonObject = pick(node, (key) => key !== 'allOf');
      for (const member of node.allOf) {
        const resolved = resolve(member);
        if ('opaque' in resolved) return { unmergeable: resolved.opaque };
        if (resolved.node === true) continue;
        if (resolved.node === false) return { merged: { type: [] } };
        const inner = flatten(resolved.node, stack);
        if ('unmergeable' in inner) return inner;
        const next = merge(merged, inner.merged);
        if (typeof next === 'string') return { unmergeable: next };
        merged = next;
      }
      return { merged };
    } finally {
      stack.delete(node);
    }
  }

  function merge(a: JsonObject, b: JsonObject): JsonObject | string {
    const isUnion = (x: JsonObject) => 'anyOf' in x || 'oneOf' in x;
    if (isUnion(a) && isUnion(b) && !(deepEqual(a.anyOf, b.anyOf) && deepEqual(a.oneOf, b.oneOf))) {
      return 'two allOf members are both unions';
    }
    const out: Record<string, unknown> = { ...a };
    for (const [key, right] of Object.entries(b)) {
      if (key === 'properties' || key === 'additionalProperties' || key === 'prefixItems' || key === 'items')
        continue;
      if (!(key in out)) {
        out[key] = right;
        continue;
      }
      const left = out[key];
      if (deepEqual(left, right)) continue;
      if (!assertionKeywords.has(key)) continue; // annotations: the first one wins
      if (key === 'type') out.type = intersectTypes(left, right);
      else if (key === 'required' && Array.isArray(left) && Array.isArray(right)) {
        out.required = [...new Set([...left, ...right])];
      } else if (key === 'enum' && Array.isArray(left) && Array.isArray(right)) {
        out.enum = valueSetsOverlap(left, right);
      } else if (lowerBounds.has(key) && typeof left === 'number' && typeof right === 'number') {
        out[key] = Math.max(left, right);
      } else if (upperBounds.has(key) && typeof left === 'number' && typeof right === 'number') {
        out[key] = Math.min(left, right);
      } else if (key === 'multipleOf' && typeof left === 'number' && typeof right === 'number') {
        // Multiples of both: the coarser step, when one step divides the other.
        const coarser = isMultiple(left, right) ? left : isMultiple(right, left) ? right : undefined;
        if (coarser === undefined) return 'two allOf members set multipleOf to steps that do not divide';
        out.multipleOf = coarser;
      } else if (key === 'uniqueItems') out.uniqueItems = left === true || right === true;
      else if (key === 'nullable') out.nullable = left === true && right === true;
      else if (conjoinable.has(key)) out[key] = conj(left, right);
      else return `two allOf members set '${key}' differently`;
    }
    if ('prefixItems' in a || 'prefixItems' in b) {
      // Like additionalProperties, a member's items also applies to positions the other member fixes.
      const leftItems = Array.isArray(a.prefixItems) ? a.prefixItems : [];
      const rightItems = Array.isArray(b.prefixItems) ? b.prefixItems : [];
      const length = Math.max(leftItems.length, rightItems.length);
      out.prefixItems = Array.from({ length }, (_, i) =>
        conj(i < leftItems.length ? leftItems[i] : a.items, i < rightItems.length ? rightItems[i] : b.items),
      );
    }
    if ('items' in b) {
      const items = conj(a.items, b.items);
      if (items === true) delete out.items;
      else out.items = items;
    }
    const hasObjectShape = (x: JsonObject) => 'properties' in x || 'additionalProperties' in x;
    if (hasObjectShape(a) || hasObjectShape(b)) {
      if ('patternProperties' in a || 'patternProperties' in b)
        return 'allOf members combine patternProperties';
      // A member's additionalProperties also applies to the properties the other members declare.
      const leftProps = isObject(a.properties) ? a.properties : {};
      const rightProps = isObject(b.properties) ? b.properties : {};
      const properties: Record<string, unknown> = {};
      for (const name of new Set([...Object.keys(leftProps), ...Object.keys(rightProps)])) {
        properties[name] = conj(
          Object.hasOwn(leftProps, name) ? leftProps[name] : a.additionalProperties,
          Object.hasOwn(rightProps, name) ? rightProps[name] : b.additionalProperties,
        );
      }
      out.properties = properties;
      const additional = conj(a.additionalProperties, b.additionalProperties);
      if (additional === true) delete out.additionalProperties;
      else out.additionalProperties = additional;
    }
    return out;
  }

  /** The members of an allOf, with nested allOfs spliced in (allOf is associative) and trivial ones left out. */
  function allOfMembers(node: JsonObject, seen: Set<object>): unknown[] {
    if (seen.has(node)) return [node];
    seen.add(node);
    const own = pick(node, (key) => key !== 'allOf');
    const out: unknown[] = hasAssertions(own) ? [own] : [];
    for (const member of node.allOf as unknown[]) {
      const resolved = resolve(member);
      const inner = 'node' in resolved ? resolved.node : undefined;
      if (isObject(inner) && Array.isArray(inner.allOf)) out.push(...allOfMembers(inner, seen));
      else if (inner !== true) out.push(member);
    }
    return out;
  }

  /** Adds null and the outer annotations that matter to a client (default, deprecated) to a resolved schema. */
  function withNullable(normal: Normal, nullable: boolean, annotations: JsonObject): Normal {
    if (normal.kind === 'opaque') return normal;
    const carried = pick(annotations, (key) => key === 'default' || key === 'deprecated');
    if ((!nullable || normal.nullable) && Object.keys(carried).length === 0) return normal;
    return { ...normal, nullable: normal.nullable || nullable, node: { ...normal.node, ...carried } };
  }

  function plain(node: JsonObject): PlainNormal {
    const copy: Record<string, unknown> = { ...node };
    const declared = typeList(node.type);
    let nullable = declared?.includes('null') === true || (declared !== undefined && node.nullable === true);
    let types: PrimitiveType[] | undefined = declared?.filter((t): t is PrimitiveType =>
      primitiveTypes.includes(t),
    );
    delete copy.nullable;
    if (types !== undefined) copy.type = types;

    if ('const' in node && Array.isArray(node.enum)) {
      // Both (as after merging an allOf): the constant, if the enumeration allows it; otherwise nothing.
      const allowed = node.enum.some((v) => deepEqual(v, node.const));
      delete copy.enum;
      if (!allowed) return { kind: 'plain', node: { ...copy, type: [] }, nullable: false, types: [] };
    }
    const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
    if (values !== undefined) {
      const valuesAllowNull = values.includes(null);
      const nonNull = values.filter((v) => v !== null);
      if ('const' in node) {
        if (node.const === null) delete copy.const;
      } else copy.enum = nonNull;
      if (types === undefined) {
        // No `type`: the values say which types are possible.
        const valueTypes = new Set(nonNull.map(typeOfValue));
        types = primitiveTypes.filter(
          (t): t is PrimitiveType =>
            valueTypes.has(t as PrimitiveType) && (t !== 'integer' || !valueTypes.has('number')),
        );
        nullable = valuesAllowNull;
      } else {
        // Both: only values of a declared type count, and only types some value has.
        const declaredTypes = types;
        const fits = nonNull.filter((v) => {
          const t = typeOfValue(v);
          return t !== undefined && t !== 'null' && allowsType(declaredTypes, t);
        });
        types = declaredTypes.filter((t) =>
          fits.some((v) => typeOfValue(v) === t || (t === 'number' && typeOfValue(v) === 'integer')),
        );
        if ('const' in node) {
          if (fits.length === 0) delete copy.const;
        } else copy.enum = fits;
        nullable &&= valuesAllowNull;
      }
    }
    if (
      copy.additionalProperties === undefined &&
      copy.unevaluatedProperties !== undefined &&
      copy.patternProperties === undefined
    ) {
      // Without other applicators, unevaluatedProperties means the same as additionalProperties.
      copy.additionalProperties = copy.unevaluatedProperties;
      delete copy.unevaluatedProperties;
    }
    return { kind: 'plain', node: copy, nullable: types === undefined ? false : nullable, types };
  }

  function union(node: JsonObject, keyword: 'anyOf' | 'oneOf', raw: readonly unknown[]): Normal {
    const rest = pick(node, (key) => key !== keyword);
    const restAssertions = pick(rest, (key) => assertionKeywords.has(key));
    const annotations = pick(rest, (key) => !assertionKeywords.has(key));
    const merged = hasAssertions(restAssertions);
    let nullAlternatives = 0;
    const variants: Normal[] = [];
    for (const variant of raw) {
      const normal = normalize(merged ? conj(restAssertions, variant) : variant);
      if (normal.nullable || (normal.kind === 'plain' && normal.types === undefined)) nullAlternatives++;
      if (normal.kind === 'plain' && normal.types !== undefined && normal.types.length === 0) continue; // only null, or nothing
      variants.push(normal.nullable ? { ...normal, nullable: false } : normal);
    }
    // Null is lifted out of the alternatives; in a oneOf it is valid only if exactly one alternative allows it.
    const nullable = keyword === 'anyOf' ? nullAlternatives > 0 : nullAlternatives === 1;
    const [only] = variants;
    if (only === undefined) return { ...neverSchema, nullable, node: annotations };
    if (variants.length === 1) return withNullable(only, nullable, annotations);
    return { kind: 'union', keyword, variants, nullable, node: annotations };
  }

  function normalizeObject(raw: JsonObject): Normal {
    const resolved = resolve(raw);
    if ('opaque' in resolved)
      return { kind: 'opaque', reason: resolved.opaque, raw: resolved.raw, node: {}, nullable: false };
    const { annotations } = resolved;
    if (typeof resolved.node === 'boolean') return withNullable(normalize(resolved.node), false, annotations);
    if (resolved.node !== raw) return withNullable(normalize(resolved.node), false, annotations);
    const flat = flatten(raw, new Set());
    if ('unmergeable' in flat) {
      const members = allOfMembers(raw, new Set()).map(normalize);
      const allowsNull = (m: Normal) => m.nullable || (m.kind === 'plain' && m.types === undefined);
      return {
        kind: 'all-of',
        members,
        reason: flat.unmergeable,
        raw,
        node: pick(raw, (key) => !assertionKeywords.has(key)),
        nullable: members.every(allowsNull),
      };
    }
    const node = flat.merged;
    if (node !== raw && (Array.isArray(node.anyOf) || Array.isArray(node.oneOf) || '$ref' in node)) {
      return normalize(node); // the merge produced a union or a reference: normalise that object
    }
    const hasAny = Array.isArray(node.anyOf);
    const hasOne = Array.isArray(node.oneOf);
    if (hasAny && hasOne) {
      // Both on one schema mean both apply: the same as an allOf of the two.
      const { oneOf, ...rest } = node;
      return normalize({ allOf: [rest, { oneOf }] });
    }
    if (hasAny) return union(node, 'anyOf', node.anyOf as unknown[]);
    if (hasOne) return union(node, 'oneOf', node.oneOf as unknown[]);
    return plain(node);
  }

  function normalize(schema: unknown): Normal {
    if (schema === undefined || schema === true) return anySchema;
    if (schema === false) return neverSchema;
    if (!isObject(schema)) {
      return {
        kind: 'opaque',
        reason: 'this is not a schema (a schema is an object or a boolean)',
        raw: schema,
        node: {},
        nullable: false,
      };
    }
    const cached = normalCache.get(schema);
    if (cached !== undefined) return cached;
    if (pending.has(schema)) {
      return {
        kind: 'opaque',
        reason: 'the schema contains itself directly',
        raw: schema,
        node: {},
        nullable: false,
      };
    }
    pending.add(schema);
    try {
      const normal = normalizeObject(schema);
      normalCache.set(schema, normal);
      return normal;
    } finally {
      pending.delete(schema);
    }
  }

  return { normalize };
}

/** Whether `types` (undefined: any) allows a value of `type`; integers are numbers. */
export function allowsType(types: readonly PrimitiveType[] | undefined, type: PrimitiveType): boolean {
  if (types === undefined) return true;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}
