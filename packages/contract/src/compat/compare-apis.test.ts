import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareApis } from './compare-apis.ts';
import { compareSchemas } from './compare-schemas.ts';
import { formatFindings, hasBreakingChanges } from './format.ts';
import type { ApiDescription, Finding } from './types.ts';

const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.rule} ${f.location}${f.path}`);

/** One operation described the way the contract model produces it: zod input for requests, output for responses. */
function fromZod(request: z.ZodType, response: z.ZodType): ApiDescription {
  return {
    operations: {
      createCase: {
        method: 'POST',
        path: '/cases',
        request: { body: z.toJSONSchema(request, { io: 'input' }) },
        response: { status: 201, body: z.toJSONSchema(response, { io: 'output' }) },
      },
    },
  };
}

describe('compareApis on schemas from zod', () => {
  const Section: z.ZodType = z
    .object({
      title: z.string(),
      get sections() {
        return z.array(Section).optional();
      },
    })
    .meta({ id: 'Section' });
  const Applicant = z
    .object({ name: z.string().min(1), email: z.email().optional() })
    .meta({ id: 'Applicant' });
  const Case = z.object({
    id: z.string(),
    status: z.enum(['received', 'decided']),
    decidedAt: z.iso.datetime().optional(),
  });
  const base = fromZod(z.object({ applicant: Applicant, outline: Section }), Case);

  it('finds nothing when nothing changed, recursive $defs included', () => {
    expect(compareApis(base, fromZod(z.object({ applicant: Applicant, outline: Section }), Case))).toEqual(
      [],
    );
  });

  it('follows $ref into $defs and reports paths along the data', () => {
    const Applicant2 = Applicant.extend({ phone: z.string() });
    const Case2 = Case.extend({ status: z.enum(['received', 'in_review', 'decided']), note: z.string() });
    const findings = compareApis(base, fromZod(z.object({ applicant: Applicant2, outline: Section }), Case2));
    expect(brief(findings)).toEqual([
      'request-property-added-required request.body/properties/applicant/properties/phone',
      'response-property-added response.body/properties/note',
      'response-enum-value-added response.body/properties/status',
    ]);
    expect(hasBreakingChanges(findings)).toBe(true);
  });

  it('treats a zod .default() as making a new request field safe to add', () => {
    const head = fromZod(
      z.object({ applicant: Applicant, outline: Section, lang: z.string().default('sv') }),
      Case,
    );
    expect(brief(compareApis(base, head))).toEqual(['request-property-added request.body/properties/lang']);
  });

  it('sees a change deep inside a recursive schema once, where it first appears', () => {
    const Section2: z.ZodType = z
      .object({
        title: z.string().max(80),
        get sections() {
          return z.array(Section2).optional();
        },
      })
      .meta({ id: 'Section' });
    const head = fromZod(z.object({ applicant: Applicant, outline: Section2 }), Case);
    expect(brief(compareApis(base, head))).toEqual([
      'request-max-length-decreased request.body/properties/outline/properties/title',
    ]);
  });
});

describe('compareApis on operations', () => {
  const op = {
    method: 'GET',
    path: '/cases/{id}',
    request: {},
    response: { status: 200, body: true },
  } as const;

  it('hints at a rename when an operation reappears under another id at the same route', () => {
    const findings = compareApis({ operations: { getCase: op } }, { operations: { fetchCase: op } });
    const removed = findings.find((f) => f.operationId === 'getCase');
    const added = findings.find((f) => f.operationId === 'fetchCase');
    expect(removed?.rule).toBe('operation-removed');
    expect(removed?.message).toContain("'fetchCase' has the same method and path");
    expect(added?.rule).toBe('operation-added');
  });

  it('compares routes by shape, so only placeholder names may differ', () => {
    const moved = { ...op, path: '/cases/{id}/summary' };
    expect(brief(compareApis({ operations: { getCase: op } }, { operations: { getCase: moved } }))).toEqual([
      'operation-path-changed operation',
    ]);
    const renamed = { ...op, path: '/cases/:caseId/' };
    expect(compareApis({ operations: { getCase: op } }, { operations: { getCase: renamed } })).toEqual([]);
  });

  it('sorts findings by operation, then location, then path', () => {
    const body = (required: string[]) => ({ type: 'object', properties: { a: {}, b: {} }, required });
    const make = (required: string[]): ApiDescription => ({
      operations: {
        b: { ...op, request: { body: body(required) } },
        a: { ...op, request: { query: body(required), body: body(required) } },
      },
    });
    const findings = compareApis(make([]), make(['b', 'a']));
    expect(findings.map((f) => `${f.operationId} ${f.location}${f.path}`)).toEqual([
      'a request.query/properties/a',
      'a request.query/properties/b',
      'a request.body/properties/a',
      'a request.body/properties/b',
      'b request.body/properties/a',
      'b request.body/properties/b',
    ]);
  });
});

describe('compareSchemas on awkward input', () => {
  it('reports a $ref that only leads to itself instead of looping', () => {
    const loop = { $ref: '#/$defs/A', $defs: { A: { $ref: '#/$defs/A' } } };
    expect(brief(compareSchemas(loop, { type: 'string' }, { side: 'request' }))).toEqual([
      'request-not-comparable request.body',
    ]);
  });

  it('terminates on mutually recursive definitions and reports the change once', () => {
    const defs = (leaf: object) => ({
      A: { type: 'object', properties: { b: { $ref: '#/$defs/B' }, v: leaf } },
      B: { type: 'object', properties: { a: { $ref: '#/$defs/A' } } },
    });
    const base = { $ref: '#/$defs/A', $defs: defs({ type: 'integer' }) };
    const head = { $ref: '#/$defs/A', $defs: defs({ type: 'number' }) };
    expect(brief(compareSchemas(base, head, { side: 'response' }))).toEqual([
      'response-type-widened response.body/properties/v',
    ]);
  });

  it('terminates on an allOf that includes itself', () => {
    const schema = {
      $defs: { A: { allOf: [{ $ref: '#/$defs/A' }, { type: 'string' }] } },
      $ref: '#/$defs/A',
    };
    const findings = compareSchemas(schema, structuredClone(schema), { side: 'request' });
    expect(findings.every((f) => f.rule === 'request-not-comparable')).toBe(true);
  });

  it('merges OpenAPI 3.0 style nullable and boolean exclusive bounds', () => {
    const base = { type: 'number', minimum: 0, exclusiveMinimum: true };
    const head = { type: 'number', exclusiveMinimum: 0, nullable: true };
    expect(brief(compareSchemas(base, head, { side: 'request' }))).toEqual([
      'request-nullable-added request.body',
    ]);
  });
});

describe('formatFindings', () => {
  it('prints breaking findings first, each with rule, operation, where and why, then counts', () => {
    const findings = compareApis(
      fromZod(z.object({ a: z.string() }), z.object({ id: z.string() })),
      fromZod(z.object({ a: z.string(), b: z.string() }), z.object({ id: z.string(), at: z.string() })),
    );
    expect(formatFindings(findings)).toBe(
      [
        'BREAKING      request-property-added-required',
        '  createCase  request.body#/properties/b',
        "  The property 'b' is new and required, with no default: requests without it are rejected.",
        '',
        'NON-BREAKING  response-property-added',
        '  createCase  response.body#/properties/at',
        "  The property 'at' is new in the response. Clients ignore properties they do not know.",
        '',
        '1 breaking change, 1 non-breaking change, 0 notices.',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    expect(formatFindings([])).toBe('No differences that affect clients.');
    expect(hasBreakingChanges([])).toBe(false);
  });
});
