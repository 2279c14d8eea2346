import type { HttpMethod } from './operation.ts';

export interface PathTemplate {
  readonly template: string;
  /** Literal segments as strings, parameter segments as `null`. */
  readonly segments: readonly (string | null)[];
  /** Parameter names in order of appearance. */
  readonly params: readonly string[];
  /** The template with parameter names erased (`/cases/{}`): two templates with one key clash. */
  readonly shape: string;
}

const literal = /^[A-Za-z0-9\-._~]+$/;
const parameter = /^\{([a-z][A-Za-z0-9]*)\}$/;

/** Parses an OpenAPI path template whose parameters are whole segments; returns a problem text when invalid. */
export function parsePathTemplate(template: string): PathTemplate | string {
  if (!template.startsWith('/')) return 'must start with "/"';
  if (template === '/') return { template, segments: [], params: [], shape: '/' };
  const segments: (string | null)[] = [];
  const params: string[] = [];
  for (const segment of template.slice(1).split('/')) {
    const name = parameter.exec(segment)?.[1];
    if (name !== undefined) {
      if (params.includes(name)) return `repeats the parameter {${name}}`;
      params.push(name);
      segments.push(null);
    } else if (literal.test(segment)) {
      segments.push(segment);
    } else {
      return `has an invalid segment "${segment}" (use letters, digits, "-._~", or a whole-segment {camelCaseName})`;
    }
  }
  return { template, segments, params, shape: `/${segments.map((s) => s ?? '{}').join('/')}` };
}

export type RouteMatch<T> =
  | { readonly kind: 'found'; readonly operation: T; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method_not_allowed'; readonly allow: readonly HttpMethod[] };

interface Route<T> {
  readonly template: PathTemplate;
  readonly byMethod: Map<HttpMethod, { readonly operation: T; readonly params: readonly string[] }>;
}

/**
 * Matches concrete paths against templates. Templates are grouped by segment count and, within a group, a
 * literal segment wins over a parameter at the first position where they differ (`/cases/mine` before
 * `/cases/{caseId}`). Built once per version; a match is a map lookup plus a scan of a handful of routes.
 */
export class Router<T> {
  readonly #bySegmentCount = new Map<number, Route<T>[]>();

  /** Entries must already be validated: parsed templates, unique per (method, shape). */
  constructor(entries: Iterable<{ template: PathTemplate; method: HttpMethod; operation: T }>) {
    const byShape = new Map<string, Route<T>>();
    for (const { template, method, operation } of entries) {
      let route = byShape.get(template.shape);
      if (!route) {
        route = { template, byMethod: new Map() };
        byShape.set(template.shape, route);
        const group = this.#bySegmentCount.get(template.segments.length) ?? [];
        group.push(route);
        this.#bySegmentCount.set(template.segments.length, group);
      }
      route.byMethod.set(method, { operation, params: template.params });
    }
    for (const group of this.#bySegmentCount.values()) group.sort(bySpecificity);
  }

  /** `method` in any case; `path` relative to the contract, e.g. `/cases/BN-2026-1`. Undefined when no path matches. */
  match(method: string, path: string): RouteMatch<T> | undefined {
    if (!path.startsWith('/')) return undefined;
    const segments = path === '/' ? [] : path.slice(1).split('/');
    const group = this.#bySegmentCount.get(segments.length);
    if (!group) return undefined;
    const route = group.find((candidate) => matches(candidate.template.segments, segments));
    if (!route) return undefined;
    const asked = method.toLowerCase();
    // HEAD is answered as the GET without its body (the HTTP server drops the body).
    const entry =
      route.byMethod.get(asked as HttpMethod) ?? (asked === 'head' ? route.byMethod.get('get') : undefined);
    if (!entry) return { kind: 'method_not_allowed', allow: [...route.byMethod.keys()] };
    const params: Record<string, string> = {};
    let next = 0;
    for (let i = 0; i < segments.length; i++) {
      if (route.template.segments[i] !== null) continue;
      const name = entry.params[next++] as string;
      try {
        params[name] = decodeURIComponent(segments[i] as string);
      } catch {
        return undefined; // a malformed %-escape names no resource
      }
    }
    return { kind: 'found', operation: entry.operation, params };
  }
}

function matches(template: readonly (string | null)[], segments: readonly string[]): boolean {
  for (let i = 0; i < template.length; i++) {
    const expected = template[i];
    const actual = segments[i] as string;
    if (expected === null ? actual === '' : expected !== literalWord(actual)) return false;
  }
  return true;
}

const percentEscape = /%([0-9A-Fa-f]{2})/g;
const unreserved = /^[A-Za-z0-9\-._~]$/;

/**
 * A path segment as a literal word compares: escapes of unreserved characters decoded (`%6Dine` is `mine`, RFC
 * 3986 §6.2.2.2), so an escaped word cannot slip past its literal route to a parameter route. Other escapes stay
 * as sent, and parameters are still decoded once, from the raw segment.
 */
function literalWord(segment: string): string {
  if (!segment.includes('%')) return segment;
  return segment.replace(percentEscape, (whole, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return unreserved.test(char) ? char : whole;
  });
}

function bySpecificity<T>(a: Route<T>, b: Route<T>): number {
  const length = a.template.segments.length;
  for (let i = 0; i < length; i++) {
    const aLiteral = a.template.segments[i] !== null;
    const bLiteral = b.template.segments[i] !== null;
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}
