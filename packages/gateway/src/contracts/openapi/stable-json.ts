/**
 * JSON with object keys sorted at every level, two-space indent and a final newline: how frozen documents are
 * committed, so a regenerated document compares byte for byte and a diff shows only what changed. Array order is
 * kept (it can carry meaning, e.g. `required`, `enum`). Pure.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
