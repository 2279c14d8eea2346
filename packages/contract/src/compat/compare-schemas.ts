/**
 * Compares two versions of one JSON Schema from a client's point of view. For requests the head must accept
 * everything the base accepted; for responses the head must not produce anything the base could not.
 */
import { canonical, deepEqual, isObject, type JsonObject, pointerToken, show } from './json.ts';
import { type RuleId, rules } from './rules.ts';
import {
  allowsType,
  anySchema,
  createSchemaView,
  isMultiple,
  type Normal,
  type PlainNormal,
  type PrimitiveType,
  type SchemaView,
} from './schema-view.ts';
import type { Finding, FindingLocation, JsonSchema, Side } from './types.ts';

export interface CompareSchemasOptions {
  readonly side: Side;
  /** Defaults to `request.body` or `response.body`. */
  readonly location?: FindingLocation;
  readonly operationId?: string;
  /** Top-level properties renamed in the head (base name to head name), e.g. renamed path placeholders. */
  readonly renamedProperties?: Readonly<Record<string, string>>;
}

/** Deeper than any real contract; stops pathological input from exhausting the stack. */
const maxDepth = 128;

/** Keywords these rules do not analyse: any change to them is reported as not comparable. */
const unanalysedKeywords = [
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'patternProperties',
  'contains',
  'minContains',
  'maxContains',
  'unevaluatedItems',
  'unevaluatedProperties',
  '$dynamicRef',
];

interface Context {
  readonly side: Side;
  readonly location: FindingLocation;
  readonly operationId: string;
  readonly base: SchemaView;
  readonly head: SchemaView;
  readonly renamed: Readonly<Record<string, string>>;
  /** Pairs being compared further up the stack: meeting one again means a recursive schema. */
  readonly active: Set<string>;
  readonly id: (normal: Normal) => number;
}

export function compareSchemas(
  base: JsonSchema,
  head: JsonSchema,
  options: CompareSchemasOptions,
): Finding[] {
  const ids = new WeakMap<Normal, number>();
  let nextId = 1;
  const ctx: Context = {
    side: options.side,
    location: options.location ?? (options.side === 'request' ? 'request.body' : 'response.body'),
    operationId: options.operationId ?? '',
    base: createSchemaView(base),
    head: createSchemaView(head),
    renamed: options.renamedProperties ?? {},
    active: new Set(),
    id: (normal) => {
      let id = ids.get(normal);
      if (id === undefined) {
        id = nextId++;
        ids.set(normal, id);
      }
      return id;
    },
  };
  try {
    const findings = compareNode(ctx, ctx.base.normalize(base), ctx.head.normalize(head), '', 0);
    return findings.sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule));
  } catch (error) {
    // A bug or absurd input must not crash the gate; refusing the change is the safe answer.
    const reason = error instanceof Error ? error.message : String(error);
    return [notComparable(ctx, '', `the comparison failed (${reason})`)];
  }
}

function finding(ctx: Context, rule: RuleId, path: string, message: string): Finding {
  return {
    rule,
    severity: rules[rule].severity,
    operationId: ctx.operationId,
    location: ctx.location,
    path,
    message,
  };
}

function notComparable(ctx: Context, path: string, reason: string): Finding {
  const rule = ctx.side === 'request' ? 'request-not-comparable' : 'response-not-comparable';
  return finding(ctx, rule, path, `Could not compare: ${reason}. Treated as breaking; review it by hand.`);
}

/** What a change means to clients, given whether the head accepts more (wider) or less (narrower). */
function effect(side: Side, wider: boolean): string {
  if (side === 'request') {
    return wider
      ? 'Everything clients sent before is still accepted.'
      : 'Requests valid before may now be rejected.';
  }
  return wider
    ? 'Clients may now receive values they were not written for.'
    : 'Clients receive only values they already handle.';
}

function compareNode(ctx: Context, b: Normal, h: Normal, path: string, depth: number): Finding[] {
  if (depth > maxDepth) return [notComparable(ctx, path, `the schemas nest deeper than ${maxDepth} levels`)];
  const key = `${ctx.id(b)}:${ctx.id(h)}`;
  if (ctx.active.has(key)) return []; // same pair further up: a recursive schema, compared there
  ctx.active.add(key);
  try {
    return compareInner(ctx, b, h, path, depth);
  } finally {
    ctx.active.delete(key);
  }
}

const isAny = (n: Normal) => n.kind === 'plain' && n.types === undefined;

function compareInner(ctx: Context, b: Normal, h: Normal, path: string, depth: number): Finding[] {
  if (b.kind === 'opaque' || h.kind === 'opaque') {
    if (b.kind === 'opaque' && h.kind === 'opaque' && canonical(b.raw) === canonical(h.raw)) return [];
    const reason = b.kind === 'opaque' ? b.reason : h.kind === 'opaque' ? h.reason : '';
    return [notComparable(ctx, path, reason)];
  }
  const out: Finding[] = [];
  if (!isAny(b) && !isAny(h) && b.nullable !== h.nullable) {
    const added = h.nullable;
    const rule = added ? (`${ctx.side}-nullable-added` as const) : (`${ctx.side}-nullable-removed` as const);
    out.push(
      finding(ctx, rule, path, `null is ${added ? 'now' : 'no longer'} allowed. ${effect(ctx.side, added)}`),
    );
  }
  if (b.kind === 'all-of' || h.kind === 'all-of') out.push(...compareAllOf(ctx, b, h, path, depth));
  else if (b.kind === 'union' || h.kind === 'union') out.push(...compareUnion(ctx, b, h, path, depth));
  else if (b.kind === 'plain' && h.kind === 'plain') out.push(...comparePlain(ctx, b, h, path, depth));
  out.push(...compareAnnotations(ctx, b.node, h.node, path));
  return out;
}

function compareAnnotations(ctx: Context, b: JsonObject, h: JsonObject, path: string): Finding[] {
  const out: Finding[] = [];
  if (!deepEqual(b.default, h.default)) {
    const message = `The default went from ${show(b.default)} to ${show(h.default)}.`;
    out.push(finding(ctx, `${ctx.side}-default-changed`, path, message));
  }
  if (h.deprecated === true && b.deprecated !== true) {
    out.push(finding(ctx, `${ctx.side}-deprecated`, path, 'This value is now marked deprecated.'));
  }
  return out;
}

function compareAllOf(ctx: Context, b: Normal, h: Normal, path: string, depth: number): Finding[] {
  if (b.kind === 'all-of' && h.kind === 'all-of') {
    if (canonical(b.raw) === canonical(h.raw)) return [];
    if (b.members.length === h.members.length) {
      // allOf(A1..An) accepts all of allOf(B1..Bn) when each Ai accepts all of Bi: pairwise is safe.
      return b.members.flatMap((member, i) =>
        compareNode(ctx, member, h.members[i] ?? anySchema, `${path}/allOf/${i}`, depth + 1),
      );
    }
  }
  const reason = b.kind === 'all-of' ? b.reason : h.kind === 'all-of' ? h.reason : '';
  return [notComparable(ctx, path, `an allOf could not be merged into one schema (${reason})`)];
}

// Unions

const stripNull = new WeakMap<Normal, Normal>();
function withoutNull(n: Normal): Normal {
  if (!n.nullable) return n;
  let stripped = stripNull.get(n);
  if (stripped === undefined) {
    stripped = { ...n, nullable: false };
    stripNull.set(n, stripped);
  }
  return stripped;
}

function describeTypes(types: readonly string[] | undefined): string {
  if (types === undefined) return 'any type';
  if (types.length === 0) return 'no value';
  return types.join(' or ');
}

function describeVariant(n: Normal): string {
  if (n.kind === 'plain') {
    const values = valueSet(n.node);
    if (values !== undefined) return `${describeTypes(n.types)} ${values.values.map(show).join(', ')}`;
    return describeTypes(n.types);
  }
  return n.kind === 'union' ? `nested ${n.keyword}` : n.kind;
}

function signature(n: Normal): string {
  return n.kind === 'plain' ? describeTypes(n.types) : n.kind;
}

interface Discriminator {
  readonly name: string;
  readonly base: readonly string[];
  readonly head: readonly string[];
}

/** A property every alternative pins to a distinct constant (as in a zod discriminated union). */
function findDiscriminator(
  ctx: Context,
  bv: readonly Normal[],
  hv: readonly Normal[],
): Discriminator | undefined {
  const first = bv[0];
  if (first?.kind !== 'plain' || !isObject(first.node.properties)) return undefined;
  const tag = (view: SchemaView, n: Normal, name: string): string | undefined => {
    if (n.kind !== 'plain' || !isObject(n.node.properties) || !Object.hasOwn(n.node.properties, name)) return;
    const property = view.normalize(n.node.properties[name]);
    const values = property.kind === 'plain' ? valueSet(property.node) : undefined;
    return values?.values.length === 1 ? canonical(values.values[0]) : undefined;
  };
  for (const name of Object.keys(first.node.properties)) {
    const base = bv.map((n) => tag(ctx.base, n, name));
    const head = hv.map((n) => tag(ctx.head, n, name));
    const complete = (tags: (string | undefined)[]): tags is string[] =>
      tags.every((t) => t !== undefined) && new Set(tags).size === tags.length;
    if (complete(base) && complete(head)) return { name, base, head };
  }
  return undefined;
}

function compareUnion(ctx: Context, b: Normal, h: Normal, path: string, depth: number): Finding[] {
  const out: Finding[] = [];
  const bv = b.kind === 'union' ? b.variants : [withoutNull(b)];
  const hv = h.kind === 'union' ? h.variants : [withoutNull(h)];
  const bPath = (i: number) => (b.kind === 'union' ? `${path}/${b.keyword}/${i}` : path);
  const hPath = (j: number) => (h.kind === 'union' ? `${path}/${h.keyword}/${j}` : path);
  if (b.kind === 'union' && h.kind === 'union' && b.keyword !== h.keyword) {
    const exclusive = h.keyword === 'oneOf';
    const rule = exclusive
      ? (`${ctx.side}-union-became-exclusive` as const)
      : (`${ctx.side}-union-became-inclusive` as const);
    const message = `${b.keyword} became ${h.keyword}. ${effect(ctx.side, !exclusive)}`;
    out.push(finding(ctx, rule, path, message));
  }

  const pairs: [number, number, Finding[]][] = [];
  const usedB = new Set<number>();
  const usedH = new Set<number>();
  const pair = (i: number, j: number, findings: Finding[]) => {
    pairs.push([i, j, findings]);
    usedB.add(i);
    usedH.add(j);
  };
  const compareAt = (i: number, j: number) =>
    compareNode(ctx, bv[i] ?? anySchema, hv[j] ?? anySchema, bPath(i), depth + 1);

  const discriminator = findDiscriminator(ctx, bv, hv);
  if (discriminator !== undefined) {
    discriminator.base.forEach((tag, i) => {
      const j = discriminator.head.indexOf(tag);
      if (j >= 0) pair(i, j, compareAt(i, j));
    });
  } else {
    // Each alternative a client may meet (sent in requests, received in responses) needs a counterpart that
    // covers it: first an identical one, then a compatible one, then one of the same type to explain the break.
    const fromBase = ctx.side === 'request';
    const outer = fromBase ? bv : hv;
    const inner = fromBase ? hv : bv;
    const usedOuter = fromBase ? usedB : usedH;
    const usedInner = fromBase ? usedH : usedB;
    const trials = new Map<string, Finding[]>();
    const trial = (o: number, n: number) => {
      const k = `${o}:${n}`;
      let result = trials.get(k);
      if (result === undefined) {
        result = fromBase ? compareAt(o, n) : compareAt(n, o);
        trials.set(k, result);
      }
      return result;
    };
    const accept = [
      (f: Finding[]) => f.length === 0,
      (f: Finding[]) => f.every((x) => x.severity !== 'breaking'),
    ];
    for (const ok of accept) {
      outer.forEach((_, o) => {
        if (usedOuter.has(o)) return;
        const n = inner.findIndex((_, n) => !usedInner.has(n) && ok(trial(o, n)));
        if (n < 0) return;
        if (fromBase) pair(o, n, trial(o, n));
        else pair(n, o, trial(o, n));
      });
    }
    const left = (list: readonly Normal[], used: Set<number>) =>
      list.map((n, i) => ({ i, sig: signature(n) })).filter(({ i }) => !used.has(i));
    const restB = left(bv, usedB);
    const restH = left(hv, usedH);
    for (const { i, sig } of restB) {
      const sameB = restB.filter((x) => x.sig === sig);
      const sameH = restH.filter((x) => x.sig === sig);
      const [only] = sameH;
      if (sameB.length === 1 && sameH.length === 1 && only !== undefined)
        pair(i, only.i, compareAt(i, only.i));
    }
  }

  for (const [, , findings] of pairs) out.push(...findings);
  const overlapFindings = (): Finding[] => {
    const overlapping = [
      b.kind === 'union' && b.keyword === 'oneOf' && !allDisjoint(ctx.base, b.variants),
      h.kind === 'union' && h.keyword === 'oneOf' && !allDisjoint(ctx.head, h.variants),
    ];
    if (!overlapping.includes(true)) return [];
    const message =
      'This oneOf changed and its alternatives may overlap: a value matching two of them is rejected, so even an ' +
      'addition can break. Make the alternatives disjoint (distinct types or a discriminator property).';
    return [finding(ctx, `${ctx.side}-one-of-overlap`, path, message)];
  };
  const named = (n: Normal, i: number, list: readonly string[] | undefined) =>
    discriminator !== undefined && list !== undefined
      ? `the alternative with ${discriminator.name} = ${list[i]}`
      : `the alternative ${describeVariant(n)}`;
  bv.forEach((n, i) => {
    if (usedB.has(i)) return;
    const message = `${named(n, i, discriminator?.base)} was removed. ${effect(ctx.side, false)}`;
    out.push(finding(ctx, `${ctx.side}-variant-removed`, bPath(i), capitalise(message)));
  });
  hv.forEach((n, j) => {
    if (usedH.has(j)) return;
    const message = `${named(n, j, discriminator?.head)} was added. ${effect(ctx.side, true)}`;
    out.push(finding(ctx, `${ctx.side}-variant-added`, hPath(j), capitalise(message)));
  });
  if (out.length > 0) out.push(...overlapFindings());
  return out;
}

/** Whether no value can match two of the alternatives, as far as types, values or a tag property show. */
function allDisjoint(view: SchemaView, variants: readonly Normal[]): boolean {
  return variants.every((a, i) => variants.every((b, j) => j <= i || disjoint(view, a, b)));
}

function disjoint(view: SchemaView, a: Normal, b: Normal): boolean {
  if (a.kind !== 'plain' || b.kind !== 'plain' || a.types === undefined || b.types === undefined)
    return false;
  const bt = b.types;
  const overlap = (t: PrimitiveType) => allowsType(bt, t) || (t === 'number' && bt.includes('integer'));
  if (!a.types.some(overlap)) return true;
  const va = valueSet(a.node);
  const vb = valueSet(b.node);
  if (va !== undefined && vb !== undefined) {
    const right = new Set(vb.values.map(canonical));
    if (!va.values.some((v) => right.has(canonical(v)))) return true;
  }
  // Two objects that both require a property pinned to different constants (a discriminator).
  const objectOnly = (n: PlainNormal) => n.types?.length === 1 && n.types[0] === 'object';
  if (!objectOnly(a) || !objectOnly(b)) return false;
  const required = (n: PlainNormal) => new Set(Array.isArray(n.node.required) ? n.node.required : []);
  const tag = (n: PlainNormal, name: string) => {
    const props = isObject(n.node.properties) ? n.node.properties : {};
    if (!Object.hasOwn(props, name)) return undefined;
    const values = valueSetOf(view.normalize(props[name]));
    return values?.length === 1 ? canonical(values[0]) : undefined;
  };
  const bRequired = required(b);
  return [...required(a)].some((name) => {
    if (typeof name !== 'string' || !bRequired.has(name)) return false;
    const left = tag(a, name);
    const right = tag(b, name);
    return left !== undefined && right !== undefined && left !== right;
  });
}

function valueSetOf(n: Normal): readonly unknown[] | undefined {
  return n.kind === 'plain' ? valueSet(n.node)?.values : undefined;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// Plain schemas

interface ValueSet {
  readonly keyword: 'const' | 'enum';
  readonly values: readonly unknown[];
}

function valueSet(node: JsonObject): ValueSet | undefined {
  if ('const' in node) return { keyword: 'const', values: [node.const] };
  if (Array.isArray(node.enum)) return { keyword: 'enum', values: node.enum };
  return undefined;
}

function comparePlain(ctx: Context, b: PlainNormal, h: PlainNormal, path: string, depth: number): Finding[] {
  const out: Finding[] = [];
  const { side } = ctx;
  out.push(...compareTypes(ctx, b, h, path));
  // A schema that allows no (non-null) value at all has no constraints worth comparing.
  if (b.types?.length === 0 || h.types?.length === 0) return out;
  out.push(...compareValues(ctx, b.node, h.node, path));
  const both = (...types: PrimitiveType[]) =>
    types.some((t) => allowsType(b.types, t)) && types.some((t) => allowsType(h.types, t));

  if (both('string')) {
    out.push(...compareCounts(ctx, b.node, h.node, path, 'length'));
    out.push(...compareText(ctx, b.node, h.node, path, 'pattern'));
  }
  // format also qualifies numbers in OpenAPI (int32, double), so it is compared whatever the type.
  out.push(...compareText(ctx, b.node, h.node, path, 'format'));
  if (both('number', 'integer')) {
    const integers = (t: readonly PrimitiveType[] | undefined) => t?.every((x) => x === 'integer') === true;
    const onlyIntegers = integers(b.types) && integers(h.types);
    out.push(...compareBound(ctx, b.node, h.node, path, 'minimum', onlyIntegers));
    out.push(...compareBound(ctx, b.node, h.node, path, 'maximum', onlyIntegers));
    out.push(...compareMultipleOf(ctx, b.node, h.node, path));
  }
  if (both('array')) {
    out.push(...compareItems(ctx, b.node, h.node, path, depth));
    out.push(...compareCounts(ctx, b.node, h.node, path, 'items'));
    if ((b.node.uniqueItems === true) !== (h.node.uniqueItems === true)) {
      const added = h.node.uniqueItems === true;
      const rule = added
        ? (`${side}-unique-items-added` as const)
        : (`${side}-unique-items-removed` as const);
      const message = `Items ${added ? 'must now be' : 'no longer need to be'} unique. ${effect(side, !added)}`;
      out.push(finding(ctx, rule, path, message));
    }
  }
  if (both('object')) {
    out.push(...compareObject(ctx, b.node, h.node, path, depth));
    out.push(...compareCounts(ctx, b.node, h.node, path, 'properties'));
  }
  for (const keyword of unanalysedKeywords) {
    if (!deepEqual(b.node[keyword], h.node[keyword])) {
      out.push(notComparable(ctx, path, `'${keyword}' changed, and these rules do not analyse it`));
    }
  }
  return out;
}

function compareTypes(ctx: Context, b: PlainNormal, h: PlainNormal, path: string): Finding[] {
  // With no type restriction on one side, null takes part here (nullability is then not reported apart).
  const either = b.types === undefined || h.types === undefined;
  const typesOf = (n: PlainNormal): readonly string[] | undefined =>
    either && n.nullable && n.types !== undefined ? [...n.types, 'null'] : n.types;
  const bt = typesOf(b);
  const ht = typesOf(h);
  const covers = (outer: readonly string[] | undefined, inner: readonly string[] | undefined) =>
    outer === undefined ||
    inner?.every((t) => outer.includes(t) || (t === 'integer' && outer.includes('number')));
  const wider = covers(ht, bt);
  const narrower = covers(bt, ht);
  if (wider && narrower) return [];
  const { side } = ctx;
  const from = `The type went from ${describeTypes(bt)} to ${describeTypes(ht)}.`;
  if (wider) return [finding(ctx, `${side}-type-widened`, path, `${from} ${effect(side, true)}`)];
  if (narrower) return [finding(ctx, `${side}-type-narrowed`, path, `${from} ${effect(side, false)}`)];
  const message = `${from} ${side === 'request' ? 'Clients send the old type.' : 'Clients expect the old type.'}`;
  return [finding(ctx, `${side}-type-changed`, path, message)];
}

function compareValues(ctx: Context, b: JsonObject, h: JsonObject, path: string): Finding[] {
  const vb = valueSet(b);
  const vh = valueSet(h);
  const { side } = ctx;
  if (vb === undefined && vh === undefined) return [];
  if (vb === undefined && vh !== undefined) {
    const rule = vh.keyword === 'const' ? (`${side}-const-added` as const) : (`${side}-enum-added` as const);
    const message = `The value is now limited to ${vh.values.map(show).join(', ')}. ${effect(side, false)}`;
    return [finding(ctx, rule, path, message)];
  }
  if (vb !== undefined && vh === undefined) {
    const rule =
      vb.keyword === 'const' ? (`${side}-const-removed` as const) : (`${side}-enum-removed` as const);
    const message = `The value is no longer limited to ${vb.values.map(show).join(', ')}. ${effect(side, true)}`;
    return [finding(ctx, rule, path, message)];
  }
  if (vb === undefined || vh === undefined) return [];
  const inHead = new Set(vh.values.map(canonical));
  const inBase = new Set(vb.values.map(canonical));
  const removed = vb.values.filter((v) => !inHead.has(canonical(v)));
  const added = vh.values.filter((v) => !inBase.has(canonical(v)));
  if (vb.keyword === 'const' && vh.keyword === 'const') {
    if (removed.length === 0) return [];
    const message = `The constant went from ${show(vb.values[0])} to ${show(vh.values[0])}. ${effect(side, false)}`;
    return [finding(ctx, `${side}-const-changed`, path, message)];
  }
  const out: Finding[] = [];
  if (removed.length > 0) {
    const message = `Allowed values removed: ${removed.map(show).join(', ')}. ${effect(side, false)}`;
    out.push(finding(ctx, `${side}-enum-value-removed`, path, message));
  }
  if (added.length > 0) {
    const message = `Allowed values added: ${added.map(show).join(', ')}. ${effect(side, true)}`;
    out.push(finding(ctx, `${side}-enum-value-added`, path, message));
  }
  return out;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function compareCounts(
  ctx: Context,
  b: JsonObject,
  h: JsonObject,
  path: string,
  what: 'length' | 'items' | 'properties',
): Finding[] {
  const suffix = what === 'length' ? 'Length' : what === 'items' ? 'Items' : 'Properties';
  const out: Finding[] = [];
  const { side } = ctx;
  const minKey = `min${suffix}`;
  const maxKey = `max${suffix}`;
  const bMin = num(b[minKey]) ?? 0;
  const hMin = num(h[minKey]) ?? 0;
  if (bMin !== hMin) {
    const up = hMin > bMin;
    const message = `${minKey} went from ${show(b[minKey])} to ${show(h[minKey])}. ${effect(side, !up)}`;
    out.push(finding(ctx, `${side}-min-${what}-${up ? 'increased' : 'decreased'}`, path, message));
  }
  const bMax = num(b[maxKey]) ?? Number.POSITIVE_INFINITY;
  const hMax = num(h[maxKey]) ?? Number.POSITIVE_INFINITY;
  if (bMax !== hMax) {
    const up = hMax > bMax;
    const message = `${maxKey} went from ${show(b[maxKey])} to ${show(h[maxKey])}. ${effect(side, up)}`;
    out.push(finding(ctx, `${side}-max-${what}-${up ? 'increased' : 'decreased'}`, path, message));
  }
  return out;
}

function compareText(
  ctx: Context,
  b: JsonObject,
  h: JsonObject,
  path: string,
  keyword: 'pattern' | 'format',
) {
  const before = typeof b[keyword] === 'string' ? b[keyword] : undefined;
  const after = typeof h[keyword] === 'string' ? h[keyword] : undefined;
  if (before === after) return [];
  const { side } = ctx;
  const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const wider = change === 'removed';
  const tail =
    change === 'changed' ? 'The two cannot be compared, so this counts as breaking.' : effect(side, wider);
  const message = `The ${keyword} went from ${show(before)} to ${show(after)}. ${tail}`;
  return [finding(ctx, `${side}-${keyword}-${change}`, path, message)];
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** The effective lower or upper bound, from minimum/exclusiveMinimum (numeric or OpenAPI 3.0 boolean form). */
function bound(node: JsonObject, which: 'minimum' | 'maximum', integers: boolean): Bound | undefined {
  const lower = which === 'minimum';
  const exclusiveKey = lower ? 'exclusiveMinimum' : 'exclusiveMaximum';
  const candidates: Bound[] = [];
  const inclusive = num(node[which]);
  if (inclusive !== undefined) candidates.push({ value: inclusive, exclusive: node[exclusiveKey] === true });
  const exclusive = num(node[exclusiveKey]);
  if (exclusive !== undefined) candidates.push({ value: exclusive, exclusive: true });
  let best: Bound | undefined;
  for (const c of candidates) if (best === undefined || stricter(c, best, lower) > 0) best = c;
  if (best === undefined || !integers) return best;
  // For integers, "> 2" is ">= 3": compare like with like.
  if (lower)
    return { value: best.exclusive ? Math.floor(best.value) + 1 : Math.ceil(best.value), exclusive: false };
  return { value: best.exclusive ? Math.ceil(best.value) - 1 : Math.floor(best.value), exclusive: false };
}

/** Positive when `a` admits fewer numbers than `b`. */
function stricter(a: Bound, b: Bound, lower: boolean): number {
  if (a.value !== b.value) return lower ? a.value - b.value : b.value - a.value;
  return Number(a.exclusive) - Number(b.exclusive);
}

function describeBound(x: Bound | undefined, lower: boolean): string {
  if (x === undefined) return 'none';
  return `${lower ? '>' : '<'}${x.exclusive ? '' : '='} ${x.value}`;
}

function compareBound(
  ctx: Context,
  b: JsonObject,
  h: JsonObject,
  path: string,
  which: 'minimum' | 'maximum',
  integers: boolean,
): Finding[] {
  const lower = which === 'minimum';
  const before = bound(b, which, integers);
  const after = bound(h, which, integers);
  const order =
    before === undefined && after === undefined
      ? 0
      : before === undefined
        ? 1
        : after === undefined
          ? -1
          : stricter(after, before, lower);
  if (order === 0) return [];
  const { side } = ctx;
  const tighter = order > 0;
  const direction = lower === tighter ? 'increased' : 'decreased';
  const message = `The ${which} went from ${describeBound(before, lower)} to ${describeBound(after, lower)}. ${effect(side, !tighter)}`;
  return [finding(ctx, `${side}-${which}-${direction}`, path, message)];
}

function compareMultipleOf(ctx: Context, b: JsonObject, h: JsonObject, path: string): Finding[] {
  const before = num(b.multipleOf);
  const after = num(h.multipleOf);
  if (before === after) return [];
  const { side } = ctx;
  const from = `multipleOf went from ${show(before)} to ${show(after)}.`;
  // The head accepts every base value when each multiple of the old step is a multiple of the new one.
  const wider = after === undefined || (before !== undefined && after > 0 && isMultiple(before, after));
  const narrower = before === undefined || (after !== undefined && before > 0 && isMultiple(after, before));
  if (wider) return [finding(ctx, `${side}-multiple-of-relaxed`, path, `${from} ${effect(side, true)}`)];
  if (narrower)
    return [finding(ctx, `${side}-multiple-of-tightened`, path, `${from} ${effect(side, false)}`)];
  const message = `${from} Neither step divides the other, so this counts as breaking.`;
  return [finding(ctx, `${side}-multiple-of-changed`, path, message)];
}

function compareItems(ctx: Context, b: JsonObject, h: JsonObject, path: string, depth: number): Finding[] {
  const out: Finding[] = [];
  if (Array.isArray(b.items) || Array.isArray(h.items)) {
    // The draft-04 tuple form; rare enough to compare only for equality.
    if (!deepEqual(b.items, h.items)) out.push(notComparable(ctx, path, "'items' as an array changed"));
    return out;
  }
  const bp = Array.isArray(b.prefixItems) ? b.prefixItems : [];
  const hp = Array.isArray(h.prefixItems) ? h.prefixItems : [];
  if (bp.length !== hp.length) {
    const message = `The array went from ${bp.length} to ${hp.length} fixed positions (prefixItems); treated as breaking.`;
    out.push(finding(ctx, `${ctx.side}-tuple-changed`, path, message));
  }
  for (let i = 0; i < Math.min(bp.length, hp.length); i++) {
    out.push(
      ...compareNode(
        ctx,
        ctx.base.normalize(bp[i]),
        ctx.head.normalize(hp[i]),
        `${path}/prefixItems/${i}`,
        depth + 1,
      ),
    );
  }
  if (b.items !== undefined || h.items !== undefined) {
    out.push(
      ...compareNode(
        ctx,
        ctx.base.normalize(b.items),
        ctx.head.normalize(h.items),
        `${path}/items`,
        depth + 1,
      ),
    );
  }
  return out;
}

// Objects

type Additional =
  | { readonly kind: 'any' }
  | { readonly kind: 'none' }
  | { readonly kind: 'schema'; raw: unknown };

function additional(node: JsonObject): Additional {
  const raw = node.additionalProperties;
  if (raw === undefined || raw === true || (isObject(raw) && Object.keys(raw).length === 0))
    return { kind: 'any' };
  if (raw === false) return { kind: 'none' };
  return { kind: 'schema', raw };
}

function hasDefault(view: SchemaView, raw: unknown): boolean {
  const n = view.normalize(raw);
  return n.node.default !== undefined;
}

function compareObject(ctx: Context, b: JsonObject, h: JsonObject, path: string, depth: number): Finding[] {
  const out: Finding[] = [];
  const { side } = ctx;
  const top = path === '';
  const rename = (name: string) => (top ? (ctx.renamed[name] ?? name) : name);
  const bProps = new Map(
    Object.entries(isObject(b.properties) ? b.properties : {}).map(([k, v]) => [rename(k), v]),
  );
  const hProps = new Map(Object.entries(isObject(h.properties) ? h.properties : {}));
  const names = (n: JsonObject) =>
    Array.isArray(n.required) ? n.required.filter((x) => typeof x === 'string') : [];
  const bReq = new Set(names(b).map(rename));
  const hReq = new Set(names(h));
  const bAdd = additional(b);
  const hAdd = additional(h);
  const parameter = top && (ctx.location === 'request.params' || ctx.location === 'request.query');
  const noun = parameter ? 'parameter' : 'property';
  const sub = (name: string) => `${path}/properties/${pointerToken(name)}`;
  const schemaOf = (props: Map<string, unknown>, add: Additional, name: string): unknown =>
    props.has(name) ? props.get(name) : add.kind === 'none' ? false : add.kind === 'schema' ? add.raw : true;

  const all = new Set([...bProps.keys(), ...bReq, ...hProps.keys(), ...hReq]);
  for (const name of all) {
    const inBase = bProps.has(name) || bReq.has(name);
    const inHead = hProps.has(name) || hReq.has(name);
    const bSchema = schemaOf(bProps, bAdd, name);
    const hSchema = schemaOf(hProps, hAdd, name);
    const at = sub(name);
    const recurse = () =>
      out.push(...compareNode(ctx, ctx.base.normalize(bSchema), ctx.head.normalize(hSchema), at, depth + 1));
    if (inBase && inHead) {
      const wasRequired = bReq.has(name);
      const isRequired = hReq.has(name);
      if (side === 'request' && !wasRequired && isRequired && !hasDefault(ctx.head, hSchema)) {
        const message = `The ${noun} '${name}' became required and has no default: requests without it are rejected.`;
        out.push(
          finding(
            ctx,
            parameter ? 'request-parameter-became-required' : 'request-property-became-required',
            at,
            message,
          ),
        );
      } else if (side === 'request' && wasRequired && !isRequired) {
        const message = `The ${noun} '${name}' became optional. ${effect(side, true)}`;
        out.push(
          finding(
            ctx,
            parameter ? 'request-parameter-became-optional' : 'request-property-became-optional',
            at,
            message,
          ),
        );
      } else if (side === 'response' && wasRequired !== isRequired) {
        const message = isRequired
          ? `The property '${name}' is now always present. ${effect(side, false)}`
          : `The property '${name}' may now be missing from the response; clients reading it may fail.`;
        out.push(
          finding(
            ctx,
            isRequired ? 'response-property-became-required' : 'response-property-became-optional',
            at,
            message,
          ),
        );
      }
      recurse();
    } else if (inBase) {
      if (side === 'response') {
        const message = `The property '${name}' was removed from the response; clients reading it will find nothing.`;
        out.push(finding(ctx, 'response-property-removed', at, message));
      } else if (hAdd.kind === 'none') {
        const message = `The ${noun} '${name}' was removed and unknown ${noun === 'parameter' ? 'parameters' : 'properties'} are rejected: requests that still send it fail.`;
        out.push(
          finding(ctx, parameter ? 'request-parameter-removed' : 'request-property-removed', at, message),
        );
      } else {
        const message = `The ${noun} '${name}' was removed; requests that still send it are accepted, but it is no longer declared.`;
        out.push(
          finding(
            ctx,
            parameter
              ? 'request-parameter-removed-still-accepted'
              : 'request-property-removed-still-accepted',
            at,
            message,
          ),
        );
        if (hAdd.kind === 'schema') recurse(); // what clients send must now pass additionalProperties
      }
    } else {
      if (side === 'response') {
        const message = `The property '${name}' is new in the response. Clients ignore properties they do not know.`;
        out.push(finding(ctx, 'response-property-added', at, message));
      } else if (hReq.has(name) && !hasDefault(ctx.head, hSchema)) {
        const message = `The ${noun} '${name}' is new and required, with no default: requests without it are rejected.`;
        out.push(
          finding(
            ctx,
            parameter ? 'request-parameter-added-required' : 'request-property-added-required',
            at,
            message,
          ),
        );
      } else {
        const how = hReq.has(name) ? 'required, with a default' : 'optional';
        const message = `The ${noun} '${name}' is new and ${how}. ${effect(side, true)}`;
        out.push(finding(ctx, parameter ? 'request-parameter-added' : 'request-property-added', at, message));
      }
      if (bAdd.kind === 'schema') recurse(); // values that used to match additionalProperties must still fit
    }
  }

  if (bAdd.kind !== hAdd.kind && (bAdd.kind === 'none' || hAdd.kind === 'none')) {
    const allowed = bAdd.kind === 'none';
    const rule = allowed
      ? (`${side}-additional-properties-allowed` as const)
      : (`${side}-additional-properties-disallowed` as const);
    const message =
      side === 'request'
        ? `Unknown properties are ${allowed ? 'now accepted' : 'now rejected'}. ${effect(side, allowed)}`
        : `The object ${allowed ? 'may now carry' : 'no longer carries'} unlisted properties; clients ignore unknown ones.`;
    out.push(finding(ctx, rule, path, message));
  } else if (bAdd.kind === 'schema' || hAdd.kind === 'schema') {
    const raw = (a: Additional) => (a.kind === 'schema' ? a.raw : a.kind === 'any');
    out.push(
      ...compareNode(
        ctx,
        ctx.base.normalize(raw(bAdd)),
        ctx.head.normalize(raw(hAdd)),
        `${path}/additionalProperties`,
        depth + 1,
      ),
    );
  }

  if (b.propertyNames !== undefined || h.propertyNames !== undefined) {
    // Property names are always strings, so a missing propertyNames is the same as { type: 'string' }.
    const keys = (view: SchemaView, raw: unknown) => view.normalize(raw ?? { type: 'string' });
    out.push(
      ...compareNode(
        ctx,
        keys(ctx.base, b.propertyNames),
        keys(ctx.head, h.propertyNames),
        `${path}/propertyNames`,
        depth + 1,
      ),
    );
  }
  return out;
}
