/**
 * The URL of an operation: `{gatewayUrl}/api/{contract}{path}` with `{name}` segments filled from `params`
 * (percent-encoded, so a value can never add a segment) and `query` appended (undefined and null left out). A missing parameter throws,
 * rather than calling a different resource. Pure.
 */
export function operationUrl(
  gatewayUrl: string,
  contract: string,
  path: string,
  params: Readonly<Record<string, unknown>> | undefined,
  query: Readonly<Record<string, unknown>> | undefined,
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`The path parameter "${name}" is missing.`);
    }
    // `.` and `..` survive encodeURIComponent, and a URL parser would resolve them away.
    return encodeURIComponent(String(value)).replace(/^\.\.?$/, (dots) => '%2E'.repeat(dots.length));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) search.append(name, String(item));
    }
  }
  const queryString = search.toString();
  return `${gatewayUrl.replace(/\/+$/, '')}/api/${contract}${filled}${queryString ? `?${queryString}` : ''}`;
}
