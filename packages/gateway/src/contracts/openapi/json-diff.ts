/**
 * The JSON Pointer (RFC 6901, as a `#` fragment) of the first place two JSON values differ, walking object keys in
 * sorted order and arrays by index; undefined when they are equal. Names where to look, never the values. Pure.
 */
export function firstDifference(a: unknown, b: unknown, path = '#'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let index = 0; index < length; index++) {
      if (index >= a.length || index >= b.length) return `${path}/${index}`;
      const found = firstDifference(a[index], b[index], `${path}/${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) return at;
      const found = firstDifference(a[key], b[key], at);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
