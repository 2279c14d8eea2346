import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../domain/case.ts';
import { toV1Case, v1CreateCaseSchema, v1ToNewCase } from './v1.ts';
import {
  toV2Case,
  v2CreateCaseSchema,
  v2SearchSchema,
  v2SearchToQuery,
  v2StatusChangeSchema,
  v2ToNewCase,
} from './v2.ts';
import { toFieldIssues } from './validation.ts';

const validV2 = {
  applicant: { personalIdentityNumber: '198507091232', name: 'Anna Andersson' },
  title: 'Tillbyggnad av bostadshus',
  description: 'Tillbyggnad 20 kvm mot söder.',
  propertyDesignation: 'Sundsvall Haga 4:7',
  callbackUrl: 'http://127.0.0.1:9000/callbacks?token=abc',
};

/** What the store would make of a new case: the mapping tests need a record, not a database. */
function asStored(created: ReturnType<typeof v2ToNewCase>): CaseRecord {
  return {
    id: 'c2',
    applicant: created.applicant,
    title: created.title,
    description: created.description,
    propertyDesignation: created.propertyDesignation,
    status: 'submitted',
    callbackUrl: created.callbackUrl,
    attachments: [],
    statusHistory: [{ status: 'submitted', comment: null, changedAt: '2026-02-01T00:00:00.000Z' }],
    createdAt: '2026-02-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
}

describe('v2 create', () => {
  it('maps the nested applicant and title to the stored shape, keeping the callback URL', () => {
    const created = v2ToNewCase(v2CreateCaseSchema.parse(validV2));
    expect(created.applicant).toEqual({ personalNumber: '198507091232', name: 'Anna Andersson' });
    expect(created.title).toBe('Tillbyggnad av bostadshus');
    expect(created.callbackUrl).toBe('http://127.0.0.1:9000/callbacks?token=abc');
  });

  it('refuses the v1 names', () => {
    const { title, ...rest } = validV2;
    const result = v2CreateCaseSchema.safeParse({
      ...rest,
      applicant: { applicantPersonalNumber: '198507091232', name: 'Anna Andersson' },
      subject: title,
    });
    const issues = toFieldIssues(result.error?.issues ?? []);
    expect(issues).toContainEqual({ pointer: '/applicant/personalIdentityNumber', reason: 'invalid_type' });
    expect(issues).toContainEqual({ pointer: '/applicant', reason: 'unrecognized_keys' });
    expect(issues).toContainEqual({ pointer: '/title', reason: 'invalid_type' });
  });

  it('accepts only http and https callback URLs', () => {
    for (const bad of ['ftp://x.example/', 'javascript:alert(1)', 'not a url']) {
      const result = v2CreateCaseSchema.safeParse({ ...validV2, callbackUrl: bad });
      expect(toFieldIssues(result.error?.issues ?? []), bad).toEqual([
        { pointer: '/callbackUrl', reason: 'invalid_callback_url' },
      ]);
    }
  });
});

describe('v2 view and the round trip between versions', () => {
  it('shows a v2-created case to v1 with the old names, and back unchanged', () => {
    const stored = asStored(v2ToNewCase(v2CreateCaseSchema.parse(validV2)));
    const v1 = toV1Case(stored);
    expect(v1).toMatchObject({
      applicantPersonalNumber: '198507091232',
      applicantName: 'Anna Andersson',
      subject: 'Tillbyggnad av bostadshus',
      status: 'received',
    });
    const v2 = toV2Case(stored);
    expect(v2).toMatchObject({ ...validV2, status: 'submitted' });
  });

  it('stores the same case whichever version created it (apart from the callback v1 cannot set)', () => {
    const viaV1 = v1ToNewCase(
      v1CreateCaseSchema.parse({
        applicantPersonalNumber: '19850709-1232',
        applicantName: validV2.applicant.name,
        subject: validV2.title,
        description: validV2.description,
        propertyDesignation: validV2.propertyDesignation,
      }),
    );
    const viaV2 = v2ToNewCase(v2CreateCaseSchema.parse({ ...validV2, callbackUrl: undefined }));
    expect(viaV1).toEqual(viaV2);
  });

  it('includes the status history with the officer comments', () => {
    const stored = {
      ...asStored(v2ToNewCase(v2CreateCaseSchema.parse(validV2))),
      status: 'rejected' as const,
      statusHistory: [
        { status: 'submitted' as const, comment: null, changedAt: '2026-02-01T00:00:00.000Z' },
        {
          status: 'rejected' as const,
          comment: 'Strider mot detaljplanen.',
          changedAt: '2026-02-02T00:00:00.000Z',
        },
      ],
    };
    expect(toV2Case(stored).statusHistory[1]).toEqual({
      status: 'rejected',
      comment: 'Strider mot detaljplanen.',
      changedAt: '2026-02-02T00:00:00.000Z',
    });
  });
});

describe('v2 search and status change', () => {
  it('filters by the nested applicant and one stored status', () => {
    const query = v2SearchToQuery(
      v2SearchSchema.parse({ applicant: { personalIdentityNumber: '19850709-1232' }, status: 'approved' }),
    );
    expect(query.filter).toEqual({ personalNumber: '198507091232', statuses: ['approved'] });
  });

  it('accepts a known status with an optional comment, and nothing else', () => {
    expect(v2StatusChangeSchema.parse({ status: 'approved' })).toEqual({ status: 'approved' });
    expect(v2StatusChangeSchema.safeParse({ status: 'decided' }).success).toBe(false);
    expect(v2StatusChangeSchema.safeParse({ status: 'approved', comment: 'x'.repeat(2001) }).success).toBe(
      false,
    );
  });
});
