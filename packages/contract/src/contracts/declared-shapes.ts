import { z } from 'zod';
import type { Contract } from './contract.ts';
import { jsonSchemaFor } from './json-schema.ts';
import type { DeclaredShapes } from './version.ts';

type Part = 'params' | 'query' | 'body' | 'response';
const parts: readonly Part[] = ['params', 'query', 'body', 'response'];

type Shapes = Map<string, Record<Part, z.ZodType | undefined>>;

/**
 * Where the schemas the changes declare in `before` (what per-version types are inferred from) differ from the
 * schemas the runtime derives with the changes' edits: one plain sentence per difference, empty when they agree.
 * It folds the declarations exactly as the types do (head operations, then each version's changes in order) and
 * compares JSON Schemas (requests as input, responses as output; key order ignored) at every version.
 * A part a change edits without declaring it shows up here too, since its type would still be the newer one.
 * Meant for a contract's tests: `expect(declaredShapeMismatches(contract)).toEqual([])`.
 */
export function declaredShapeMismatches(contract: Contract): string[] {
  const problems: string[] = [];
  let shapes: Shapes = new Map(
    Object.values(contract.operations).map((op) => [
      op.id,
      {
        params: op.request.params,
        query: op.request.query,
        body: op.request.body,
        response: op.response.body,
      },
    ]),
  );
  contract.versionDefinitions.forEach((version, index) => {
    if (index > 0) compare(contract, version.version, shapes, problems);
    const older: Shapes = new Map(shapes);
    for (const change of version.changes) {
      for (const [id, operationChange] of Object.entries(change.operations)) {
        if (operationChange?.added) older.delete(id);
      }
      for (const [id, declared] of Object.entries(change.before ?? {}) as [string, DeclaredShapes][]) {
        const current = older.get(id);
        if (!current) {
          problems.push(
            `Change "${change.id}" declares shapes for "${id}", which does not exist below version "${version.version}".`,
          );
          continue;
        }
        const next = { ...current };
        for (const part of parts) if (Object.hasOwn(declared, part)) next[part] = declared[part];
        older.set(id, next);
      }
    }
    shapes = older;
  });
  return problems;
}

function compare(contract: Contract, version: string, shapes: Shapes, problems: string[]): void {
  const derived = jsonSchemaFor(contract, version).operations;
  const names = new Set([...shapes.keys(), ...Object.keys(derived)]);
  for (const id of names) {
    const at = `Version "${version}", operation "${id}"`;
    const declared = shapes.get(id);
    const actual = derived[id];
    if (!declared || !actual) {
      problems.push(
        `${at}: the operation ${declared ? 'does not exist there, but the declared shapes have it' : 'exists there, but the declared shapes lack it'}.`,
      );
      continue;
    }
    for (const part of parts) {
      const schema = declared[part];
      // The same options as jsonSchemaFor, so only the schemas can differ.
      const mine = schema && z.toJSONSchema(schema, { io: part === 'response' ? 'output' : 'input' });
      const where = difference(canonical(mine), canonical(actual[part]), '');
      if (where !== undefined) {
        problems.push(
          `${at}: the declared ${part} differs from the derived one at "${where || '/'}"; declare it in \`before\` of the change that edits it.`,
        );
      }
    }
  }
}

/** JSON with object keys and `required` lists sorted, so the order fields were added in does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    sorted[key] = key === 'required' && Array.isArray(child) ? [...child].sort() : canonical(child);
  }
  return sorted;
}

/** The JSON Pointer of the first difference, or undefined when equal. */
function difference(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? undefined : at;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = difference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}
