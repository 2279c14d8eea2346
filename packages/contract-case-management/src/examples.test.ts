import { translateRequest } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { caseManagement } from './contract.ts';
import { exampleContext, examples, headExamples } from './examples.ts';
import type { CaseOperationId } from './operations.ts';

const all = Object.entries(examples).flatMap(([version, operations]) =>
  Object.entries(operations).map(([id, example]) => [version, id, example] as const),
);

describe('examples', () => {
  it('cover every operation of every version, and nothing else', () => {
    for (const version of caseManagement.versions) {
      expect(Object.keys(examples[version.version] ?? {})).toEqual([...version.operations.keys()]);
    }
    expect(Object.keys(examples)).toEqual([...caseManagement.versionIds]);
  });

  it.each(all)(
    '%s %s: the request is valid at its version and says what the head example says',
    (version, id, example) => {
      const translated = translateRequest(caseManagement, version, id, example.request, exampleContext);
      const atHead = translateRequest(
        caseManagement,
        caseManagement.head.version,
        id,
        headExamples[id as CaseOperationId].request,
        exampleContext,
      );
      expect(translated.ok).toBe(true);
      expect(translated).toEqual(atHead);
    },
  );

  it.each(all)(
    '%s %s: the response is valid at its version, with the operation’s status',
    (version, id, example) => {
      const operation = caseManagement.operation(version, id);
      expect(example.response.status).toBe(operation?.response.status);
      expect(operation?.response.body.safeParse(example.response.body)).toEqual({
        success: true,
        data: example.response.body,
      });
    },
  );

  it('carry the personnummer before 2026-12-01 only', () => {
    const number = exampleContext.citizen?.personalIdentityNumber ?? 'missing';
    expect(JSON.stringify(examples['2026-12-01'])).not.toContain(number);
    expect(examples['2026-11-01']?.createCase?.request.body).toMatchObject({
      applicant: { personalIdentityNumber: number, givenName: 'Tolvan' },
    });
    expect(examples['2026-11-01']?.getCase?.response.body).toMatchObject({
      applicant: { personalIdentityNumber: number, givenName: 'Tolvan' },
    });
  });

  it('show the oldest version’s own words', () => {
    expect(examples['2026-01-15']?.getCase?.response.body).toMatchObject({
      subject: 'Nybyggnad av garage',
      applicant: { name: 'Tolvan Tolvansson' },
      status: 'under_review',
    });
    expect(examples['2026-01-15']?.createCase?.request.body).toMatchObject({
      subject: 'Nybyggnad av garage',
    });
  });
});
