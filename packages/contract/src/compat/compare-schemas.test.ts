import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSchemas } from './compare-schemas.ts';
import { isObject } from './json.ts';
import { rules } from './rules.ts';
import type { Finding, Side } from './types.ts';

const breakingOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'breaking');

// Schemas over a deliberately small domain (few property names, small numbers, short strings), so that random
// payloads often hit the edges the constraints draw and random edits often produce near-compatible pairs.
const names = ['a', 'b', 'c'];
const strings = ['', 'a', 'b', 'ab', 'ba', 'abc', 'aaaa', 'abcde'];
const numbers = [-1, 0, 0.5, 1, 1.5, 2, 3, 4];

const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    type: fc.constantFrom(
      'string',
      'integer',
      'number',
      'boolean',
      'null',
      ['string', 'null'],
      ['integer', 'string'],
    ),
  }),
  fc.record(
    {
      type: fc.constant('string'),
      minLength: fc.integer({ min: 0, max: 3 }),
      maxLength: fc.integer({ min: 0, max: 4 }),
      pattern: fc.constantFrom('^a', 'b$', '^[ab]*$'),
      enum: fc.subarray(strings, { minLength: 1 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('integer', 'number', ['number', 'null']),
      minimum: fc.integer({ min: -1, max: 2 }),
      maximum: fc.integer({ min: 0, max: 3 }),
      exclusiveMinimum: fc.constantFrom(-1, 0, 0.5, 1),
      exclusiveMaximum: fc.constantFrom(1, 2, 2.5, 3),
      multipleOf: fc.constantFrom(0.5, 1, 2, 3),
      enum: fc.subarray(numbers, { minLength: 1 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ const: fc.constantFrom('a', 1, null, true) }),
  fc.record({ enum: fc.subarray(['a', 1, null, true, 2.5], { minLength: 1 }) }),
  fc.constant({}),
  fc.boolean(),
);

/**
 * `closed`: request objects reject unknown properties and response objects accept them, which keeps the two
 * tolerant-reader conventions (new optional request property, new response property) out of the soundness check.
 */
function schemaArb(closed: boolean | 'either'): fc.Arbitrary<unknown> {
  // `{}` and `true` mean "anything", so they count as open.
  const constraining = leafArb.filter((s) => s !== true && !(isObject(s) && Object.keys(s).length === 0));
  const additional = (leaf: fc.Arbitrary<unknown>) =>
    closed === 'either'
      ? fc.oneof(fc.boolean(), leaf)
      : closed
        ? fc.oneof(fc.constant(false), constraining)
        : fc.oneof(
            fc.constant(true),
            leaf.filter((s) => s !== false),
          );
  return fc.letrec<{ schema: unknown }>((tie) => ({
    schema: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'schema' },
      leafArb,
      fc.record(
        {
          type: fc.constant('object'),
          properties: fc.dictionary(fc.constantFrom(...names), tie('schema'), { maxKeys: 3 }),
          required: fc.subarray(names),
          additionalProperties: additional(leafArb),
          minProperties: fc.integer({ min: 0, max: 2 }),
          maxProperties: fc.integer({ min: 1, max: 3 }),
        },
        { requiredKeys: ['type', 'properties', 'additionalProperties'] },
      ),
      fc.record(
        {
          type: fc.constant('array'),
          items: tie('schema'),
          prefixItems: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }),
          minItems: fc.integer({ min: 0, max: 2 }),
          maxItems: fc.integer({ min: 0, max: 3 }),
          uniqueItems: fc.boolean(),
        },
        { requiredKeys: ['type'] },
      ),
      fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }),
    ),
  })).schema;
}

const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'value' },
    fc.constantFrom(null, true, false, ...numbers, ...strings),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...names, 'd'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

/** Every object node of a schema, so an edit can be applied at a random one. */
function nodes(schema: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(schema)) for (const item of schema) nodes(item, out);
  else if (isObject(schema)) {
    out.push(schema as Record<string, unknown>);
    for (const value of Object.values(schema)) nodes(value, out);
  }
  return out;
}

type Edit = (node: Record<string, unknown>, leaf: unknown, n: number) => void;
const edits: Edit[] = [
  (node, _, n) => {
    const keys = Object.keys(node);
    const key = keys[n % Math.max(keys.length, 1)];
    if (key !== undefined) delete node[key];
  },
  (node, _, n) => {
    for (const key of [
      'minimum',
      'maximum',
      'minLength',
      'maxLength',
      'minItems',
      'maxItems',
      'exclusiveMinimum',
    ]) {
      if (typeof node[key] === 'number')
        node[key] = Math.max(0, (node[key] as number) + (n % 2 === 0 ? 1 : -1));
    }
  },
  (node, _, n) => {
    if (Array.isArray(node.enum))
      node.enum = n % 2 === 0 ? node.enum.slice(1) : [...node.enum, strings[n % 8]];
    else node.enum = [strings[n % 8], numbers[n % 8]];
  },
  (node, _, n) => {
    node.type = ['string', 'integer', 'number', 'object', ['integer', 'null']][n % 5];
  },
  (node, leaf, n) => {
    if (isObject(node.properties)) (node.properties as Record<string, unknown>)[names[n % 3] ?? 'a'] = leaf;
    else node.items = leaf;
  },
  (node, _, n) => {
    const name = names[n % 3] ?? 'a';
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    node.required = required.includes(name) ? required.filter((x) => x !== name) : [...required, name];
  },
  (node, leaf) => {
    const copy = { ...node };
    for (const key of Object.keys(node)) delete node[key];
    node.anyOf = [copy, leaf];
  },
  (node, _, n) => {
    node.additionalProperties = [true, false, { type: 'string' }][n % 3];
  },
  (node, _, n) => {
    node.multipleOf = [0.5, 1, 2, 3][n % 4];
  },
  (node) => {
    if (Array.isArray(node.anyOf)) {
      node.oneOf = node.anyOf;
      delete node.anyOf;
    } else if (Array.isArray(node.oneOf)) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
    } else node.uniqueItems = node.uniqueItems !== true;
  },
];

/** A base schema and a head made from it by one to three small edits at random places. */
function editedPairArb(closed: boolean): fc.Arbitrary<[unknown, unknown]> {
  const step = fc.tuple(fc.nat(), fc.nat(edits.length - 1), fc.nat(), leafArb);
  return fc.tuple(schemaArb(closed), fc.array(step, { minLength: 1, maxLength: 3 })).map(([base, steps]) => {
    let head: unknown = structuredClone(base);
    for (const [at, edit, n, leaf] of steps) {
      const all = nodes(head);
      const node = all[at % Math.max(all.length, 1)];
      if (node === undefined) head = structuredClone(leaf);
      else edits[edit]?.(node, structuredClone(leaf), n);
    }
    return [base, head];
  });
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allowUnionTypes: true });
function validator(schema: unknown): ((value: unknown) => boolean) | undefined {
  try {
    // A fresh copy each time: ajv caches compiled schemas by object identity.
    const validate = ajv.compile(structuredClone(schema) as object | boolean);
    return (value) => validate(value) === true;
  } catch {
    return undefined; // the generator can write a schema ajv refuses; such pairs prove nothing
  }
}

/** Whether a payload the client could meet before is treated differently now, and which one. */
function witness(side: Side, base: unknown, head: unknown, values: readonly unknown[]): unknown {
  const before = validator(base);
  const after = validator(head);
  if (before === undefined || after === undefined) return undefined;
  return side === 'request'
    ? values.find((v) => before(v) && !after(v)) // clients sent it and it is now rejected
    : values.find((v) => after(v) && !before(v)); // the server may send it and clients did not expect it
}

describe('compareSchemas: properties that hold for any schema', () => {
  it('finds nothing at all when a schema is compared with a copy of itself', () => {
    fc.assert(
      fc.property(schemaArb('either'), fc.constantFrom<Side>('request', 'response'), (schema, side) => {
        expect(compareSchemas(schema as object, structuredClone(schema) as object, { side })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds nothing breaking when only the way a schema is written changes', () => {
    // Rewrites that keep the meaning: key and list order, null as anyOf, a $ref to $defs, allOf of one.
    // Null is not rewritten as anyOf right inside an allOf: an allOf over two unions cannot be merged, and is
    // then compared member by member, conservatively (a known limit, reported as not comparable).
    const rewrite = (schema: unknown, inAllOf = false): unknown => {
      if (Array.isArray(schema)) return schema.map((item) => rewrite(item, inAllOf));
      if (!isObject(schema)) return schema;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(schema).reverse()) {
        const value = schema[key];
        if (['enum', 'required', 'type', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value)) {
          out[key] = [...value].reverse().map((item) => rewrite(item));
        } else if (key === 'allOf') out[key] = rewrite(value, true);
        else if (key === 'properties' && isObject(value)) {
          out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, { allOf: [rewrite(v)] }]));
        } else out[key] = rewrite(value);
      }
      const { type, ...rest } = out;
      const plainNull = !inAllOf && !('enum' in rest) && !('const' in rest);
      if (plainNull && Array.isArray(type) && type.length === 2 && type.includes('null')) {
        return { anyOf: [{ type: 'null' }, { ...rest, type: type.find((t) => t !== 'null') }] };
      }
      return out;
    };
    fc.assert(
      fc.property(schemaArb('either'), fc.constantFrom<Side>('request', 'response'), (schema, side) => {
        const head = { $ref: '#/$defs/Root', $defs: { Root: rewrite(schema) } };
        expect(breakingOf(compareSchemas(schema as object, head, { side }))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever JSON it is given, and reports only known rules', () => {
    const anything = fc.oneof(fc.jsonValue(), schemaArb('either'));
    fc.assert(
      fc.property(anything, anything, fc.constantFrom<Side>('request', 'response'), (base, head, side) => {
        const findings = compareSchemas(base as object, head as object, { side });
        for (const f of findings) expect(rules[f.rule].severity).toBe(f.severity);
      }),
      { numRuns: 500 },
    );
  });

  for (const side of ['request', 'response'] as const) {
    it(`reports a breaking change whenever a ${side} payload is judged differently (checked with ajv)`, () => {
      fc.assert(
        fc.property(
          editedPairArb(side === 'request'),
          fc.array(valueArb, { maxLength: 40 }),
          ([base, head], values) => {
            const payload = witness(side, base, head, values);
            if (payload === undefined) return;
            const findings = compareSchemas(base as object, head as object, { side });
            expect(breakingOf(findings), `payload ${JSON.stringify(payload)}`).not.toEqual([]);
          },
        ),
        { numRuns: 400 },
      );
    }, 60_000); // ajv compiles two schemas per run: allow a slow CI machine
  }
});
