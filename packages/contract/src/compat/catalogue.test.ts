import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, catalogue } from './catalogue.ts';
import { compareApis } from './compare-apis.ts';
import { hasBreakingChanges } from './format.ts';
import { ruleIds } from './rules.ts';
import type { ApiDescription, ApiOperation, FindingLocation } from './types.ts';

/** The fixed operation a schema edit is placed in; every other part is identical on both sides. */
function place(entry: CatalogueEntry): {
  base: ApiDescription;
  head: ApiDescription;
  location: FindingLocation;
} {
  const { edit } = entry;
  if ('api' in edit) return { base: edit.base, head: edit.head, location: 'operation' };
  const build = (schema: typeof edit.base): ApiDescription => {
    const op: ApiOperation = {
      method: 'POST',
      path: '/cases/{id}',
      request: {
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
      },
      response: {
        status: 201,
        body: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    };
    const [part, key] = edit.at.split('.') as ['request' | 'response', 'params' | 'query' | 'body'];
    const withEdit: ApiOperation =
      part === 'request'
        ? { ...op, request: { ...op.request, [key]: schema } }
        : { ...op, response: { ...op.response, body: schema } };
    return { operations: { createCase: withEdit } };
  };
  return { base: build(edit.base), head: build(edit.head), location: edit.at };
}

const order = (x: { rule: string; path: string; location: string }) => `${x.location} ${x.path} ${x.rule}`;

describe('breaking-change catalogue', () => {
  it.each(catalogue.map((entry) => [entry.name, entry] as const))('%s', (_, entry) => {
    const { base, head, location } = place(entry);
    const findings = compareApis(base, head);
    const actual = findings
      .map(({ rule, severity, path, location }) => ({ rule, severity, path, location }))
      .sort((a, b) => order(a).localeCompare(order(b)));
    const expected = entry.expect
      .map((e) => ({ rule: e.rule, severity: e.severity, path: e.path, location: e.location ?? location }))
      .sort((a, b) => order(a).localeCompare(order(b)));
    expect(actual).toEqual(expected);
    expect(hasBreakingChanges(findings) ? 'breaking' : 'non-breaking').toBe(entry.verdict);
    for (const f of findings) expect(f.message, f.rule).toMatch(/\.$/);
  });

  it('holds at least 40 edits, 15 breaking and 15 non-breaking', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    expect(catalogue.filter((e) => e.verdict === 'breaking').length).toBeGreaterThanOrEqual(15);
    expect(catalogue.filter((e) => e.verdict === 'non-breaking').length).toBeGreaterThanOrEqual(15);
  });

  it('shows every rule at least once, so the catalogue documents the whole rule set', () => {
    const shown = new Set(catalogue.flatMap((e) => e.expect.map((x) => x.rule)));
    expect(ruleIds.filter((id) => !shown.has(id))).toEqual([]);
  });

  it('names every edit once', () => {
    const names = catalogue.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
