import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../domain/case.ts';
import { toV1Case, v1CreateCaseSchema, v1SearchSchema, v1SearchToQuery, v1ToNewCase } from './v1.ts';
import { toFieldIssues } from './validation.ts';

const validV1 = {
  applicantPersonalNumber: '19121212-1212',
  applicantName: 'Tolvan Tolvansson',
  subject: 'Nybyggnad av garage',
  description: 'Garage 30 kvm på tomtens norra del.',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
};

const record: CaseRecord = {
  id: 'c1',
  applicant: { personalNumber: '191212121212', name: 'Tolvan Tolvansson' },
  title: 'Nybyggnad av garage',
  description: 'Garage',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
  status: 'supplement_requested',
  callbackUrl: 'https://gateway.example/callbacks',
  attachments: [{ id: 'a1', fileName: 'ritning.pdf', mediaType: 'application/pdf', sizeBytes: 3 }],
  statusHistory: [
    { status: 'submitted', comment: null, changedAt: '2026-01-01T00:00:00.000Z' },
    { status: 'under_review', comment: null, changedAt: '2026-01-02T00:00:00.000Z' },
    {
      status: 'supplement_requested',
      comment: 'Situationsplan saknas.',
      changedAt: '2026-01-03T00:00:00.000Z',
    },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-03T00:00:00.000Z',
};

describe('v1 create', () => {
  it('maps flat applicant fields and subject to the stored shape, without a callback', () => {
    const input = v1CreateCaseSchema.parse({
      ...validV1,
      attachments: [{ fileName: 'ritning.pdf', mediaType: 'application/pdf', contentBase64: 'JVBERg==' }],
    });
    const created = v1ToNewCase(input);
    expect(created.applicant).toEqual({ personalNumber: '191212121212', name: 'Tolvan Tolvansson' });
    expect(created.title).toBe('Nybyggnad av garage');
    expect(created.callbackUrl).toBeNull();
    expect(created.attachments).toHaveLength(1);
    expect(Buffer.from(created.attachments[0]?.content ?? []).toString('latin1')).toBe('%PDF');
  });

  it('refuses v2 field names and a callback URL, which v1 does not know', () => {
    const { subject, ...rest } = validV1;
    const result = v1CreateCaseSchema.safeParse({
      ...rest,
      title: subject,
      callbackUrl: 'https://x.example/',
    });
    expect(result.success).toBe(false);
    const issues = toFieldIssues(result.error?.issues ?? []);
    expect(issues).toContainEqual({ pointer: '/subject', reason: 'invalid_type' });
    expect(issues).toContainEqual({ pointer: '', reason: 'unrecognized_keys' });
  });

  it('names an invalid personal number by field and reason only', () => {
    const result = v1CreateCaseSchema.safeParse({ ...validV1, applicantPersonalNumber: '19121212-1213' });
    expect(toFieldIssues(result.error?.issues ?? [])).toEqual([
      { pointer: '/applicantPersonalNumber', reason: 'invalid_personal_number' },
    ]);
  });

  it('trims text and refuses blank required text', () => {
    expect(v1CreateCaseSchema.parse({ ...validV1, subject: '  Altan  ' }).subject).toBe('Altan');
    expect(v1CreateCaseSchema.safeParse({ ...validV1, subject: '   ' }).success).toBe(false);
  });

  it('checks the property designation form', () => {
    for (const ok of ['Sundsvall Norrmalm 1:23', 'Uppsala Kåbo 5:12', 'Sundsvall Skönsberg S:1']) {
      expect(v1CreateCaseSchema.safeParse({ ...validV1, propertyDesignation: ok }).success, ok).toBe(true);
    }
    for (const bad of ['Norrmalm', '1:23', 'Sundsvall Norrmalm 1-23']) {
      expect(v1CreateCaseSchema.safeParse({ ...validV1, propertyDesignation: bad }).success, bad).toBe(false);
    }
  });
});

describe('v1 view', () => {
  it('shows the stored case in v1 names, with supplement_requested as in_progress', () => {
    expect(toV1Case(record)).toEqual({
      id: 'c1',
      applicantPersonalNumber: '191212121212',
      applicantName: 'Tolvan Tolvansson',
      subject: 'Nybyggnad av garage',
      description: 'Garage',
      propertyDesignation: 'Sundsvall Norrmalm 1:23',
      status: 'in_progress',
      attachments: [{ id: 'a1', fileName: 'ritning.pdf', mediaType: 'application/pdf', sizeBytes: 3 }],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-03T00:00:00.000Z',
    });
  });

  it('shows approved and rejected as decided', () => {
    expect(toV1Case({ ...record, status: 'approved' }).status).toBe('decided');
    expect(toV1Case({ ...record, status: 'rejected' }).status).toBe('decided');
  });

  it('does not leak fields v1 never had, even if the stored attachment carries more', () => {
    const withExtra = {
      ...record,
      attachments: [{ ...record.attachments[0], content: new Uint8Array(3) }],
    } as unknown as CaseRecord;
    const view = toV1Case(withExtra);
    expect(Object.keys(view)).not.toContain('callbackUrl');
    expect(Object.keys(view)).not.toContain('statusHistory');
    expect(Object.keys(view.attachments[0] ?? {})).toEqual(['id', 'fileName', 'mediaType', 'sizeBytes']);
  });
});

describe('v1 search', () => {
  it('turns a v1 status into the stored statuses it covers', () => {
    const query = v1SearchToQuery(
      v1SearchSchema.parse({ applicantPersonalNumber: '191212121212', status: 'in_progress', limit: 10 }),
    );
    expect(query.filter).toEqual({
      personalNumber: '191212121212',
      statuses: ['under_review', 'supplement_requested'],
    });
    expect(query.limit).toBe(10);
    expect(query.after).toBeUndefined();
  });

  it('searches everything with the default page size when given an empty body', () => {
    expect(v1SearchToQuery(v1SearchSchema.parse({}))).toEqual({
      filter: { personalNumber: undefined, statuses: undefined },
      limit: 50,
      after: undefined,
    });
  });
});
