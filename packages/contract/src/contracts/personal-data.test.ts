import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPersonalData, personalData, personalDataPaths } from './personal-data.ts';

describe('personalData', () => {
  it('marks a copy and keeps the mark through later refinements, but not on the original', () => {
    const plain = z.string();
    const marked = personalData(plain);
    expect(isPersonalData(marked)).toBe(true);
    expect(isPersonalData(marked.min(3))).toBe(true);
    expect(isPersonalData(plain)).toBe(false);
  });

  it('shows in JSON Schema', () => {
    expect(z.toJSONSchema(z.object({ name: personalData(z.string()) }))).toMatchObject({
      properties: { name: { type: 'string', 'x-personal-data': true } },
    });
  });
});

describe('personalDataPaths', () => {
  it('walks objects, arrays, wrappers, unions, records, tuples, pipes and intersections', () => {
    const contact = z.object({ email: personalData(z.email()).optional(), public: z.boolean() });
    const schema = z.object({
      applicant: z.object({
        personalIdentityNumber: personalData(z.string()),
        names: z.array(personalData(z.string())).nullable(),
        contact: contact.default({ public: false }),
      }),
      reference: z.string(),
      parties: z.union([
        z.object({ kind: z.literal('person'), name: personalData(z.string()) }),
        z.object({ kind: z.literal('org') }),
      ]),
      notes: z.record(z.string(), z.object({ author: personalData(z.string()) })),
      pair: z.tuple([z.string(), personalData(z.string())]),
      trimmed: z.string().pipe(personalData(z.string())),
      both: z.intersection(z.object({ a: z.string() }), z.object({ phone: personalData(z.string()) })),
      'odd key': personalData(z.string()),
    });
    expect(personalDataPaths(schema)).toEqual([
      '$.applicant.personalIdentityNumber',
      '$.applicant.names[*]',
      '$.applicant.contact.email',
      '$.parties.name',
      '$.notes.*.author',
      '$.pair[1]',
      '$.trimmed',
      '$.both.phone',
      '$["odd key"]',
    ]);
  });

  it('lists a marked object once, without its inside', () => {
    const schema = z.object({ applicant: personalData(z.object({ name: personalData(z.string()) })) });
    expect(personalDataPaths(schema)).toEqual(['$.applicant']);
    expect(personalDataPaths(personalData(z.string()))).toEqual(['$']);
  });

  it('terminates on recursive schemas', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.object({
      name: personalData(z.string()),
      get children() {
        return z.array(z.lazy(() => node));
      },
    });
    expect(personalDataPaths(node)).toEqual(['$.name']);
  });

  it('returns the same frozen list for the same schema', () => {
    const schema = z.object({ name: personalData(z.string()) });
    const first = personalDataPaths(schema);
    expect(personalDataPaths(schema)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
