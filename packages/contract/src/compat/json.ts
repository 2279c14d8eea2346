/** Small JSON helpers the schema comparison needs: structural equality and JSON pointers. */

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable text for a JSON value (object keys sorted), so equal values give equal text whatever the key order. */
export function canonical(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): string => {
    if (typeof v !== 'object' || v === null) {
      // JSON has no undefined, functions or bigints; give them distinct text instead of throwing.
      return typeof v === 'bigint' || typeof v === 'function' || v === undefined
        ? `<${typeof v}>`
        : JSON.stringify(v);
    }
    if (seen.has(v)) return '<cycle>';
    seen.add(v);
    const text = Array.isArray(v)
      ? `[${v.map(walk).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${walk((v as JsonObject)[k])}`)
          .join(',')}}`;
    seen.delete(v);
    return text;
  };
  return walk(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

/** One reference token of a JSON pointer (RFC 6901). */
export function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Resolves a local reference (`#`, `#/$defs/Name`, `#/components/schemas/Name`); undefined if it is not there. */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '') return root;
  if (!fragment.startsWith('/')) return undefined; // `$anchor` names are not supported
  let node: unknown = root;
  for (const raw of fragment.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/** A readable form of a JSON value for messages, kept short. */
export function show(value: unknown): string {
  if (value === undefined) return 'none';
  const text = typeof value === 'string' ? `'${value}'` : canonical(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
