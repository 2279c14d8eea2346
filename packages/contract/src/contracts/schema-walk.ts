import type { z } from 'zod';

/**
 * Visits a zod 4 schema and everything inside it, with the JSON path (`$.applicant.name`, `$.cases[*].title`)
 * each node describes. Return `false` from `visit` to skip a node's children. Wrappers (optional, nullable,
 * default, pipe…) and union members are visited at the same path as the value they wrap.
 */
export function walkSchema(
  schema: z.core.$ZodType,
  visit: (node: z.core.$ZodType, path: string) => boolean | undefined,
): void {
  const active = new Set<z.core.$ZodType>();
  const walk = (node: z.core.$ZodType, path: string): void => {
    // A recursive (z.lazy) schema would otherwise never end; a cycle adds no new paths.
    if (active.has(node)) return;
    if (visit(node, path) === false) return;
    active.add(node);
    for (const [child, childPath] of children(node as z.core.$ZodTypes, path)) walk(child, childPath);
    active.delete(node);
  };
  walk(schema, '$');
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyPath(path: string, key: string): string {
  return identifier.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function children(node: z.core.$ZodTypes, path: string): [z.core.$ZodType, string][] {
  const def = node._zod.def;
  switch (def.type) {
    case 'object': {
      const result: [z.core.$ZodType, string][] = Object.entries(def.shape).map(([key, child]) => [
        child,
        propertyPath(path, key),
      ]);
      const catchall = def.catchall?._zod.def.type;
      if (def.catchall && catchall !== 'never' && catchall !== 'unknown')
        result.push([def.catchall, `${path}.*`]);
      return result;
    }
    case 'array':
      return [[def.element, `${path}[*]`]];
    case 'set':
      return [[def.valueType, `${path}[*]`]];
    case 'tuple': {
      const result: [z.core.$ZodType, string][] = def.items.map((item, index) => [item, `${path}[${index}]`]);
      if (def.rest) result.push([def.rest, `${path}[*]`]);
      return result;
    }
    case 'record':
    case 'map':
      return [[def.valueType, `${path}.*`]];
    case 'union':
      return def.options.map((option) => [option, path]);
    case 'intersection':
      return [
        [def.left, path],
        [def.right, path],
      ];
    case 'pipe':
      return [
        [def.in, path],
        [def.out, path],
      ];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
    case 'promise':
      return [[def.innerType, path]];
    case 'lazy':
      return [[def.getter(), path]];
    default:
      return [];
  }
}

export type ObjectMode = 'strict' | 'strip' | 'loose' | 'catchall';

/** How an object schema treats keys it does not declare. */
export function objectMode(object: z.core.$ZodObject): ObjectMode {
  const catchall = object._zod.def.catchall;
  if (catchall === undefined) return 'strip';
  const type = catchall._zod.def.type;
  return type === 'never' ? 'strict' : type === 'unknown' ? 'loose' : 'catchall';
}
