import { arrayItems, editObjectAt, type VersionChange } from '@brygga/contract';
import { z } from 'zod';
import type { CaseOperationId } from '../operations.ts';
import { type caseStatuses, caseStatusResponse } from '../schemas.ts';
import { splitApplicantName } from './2026-08-15-split-applicant-name.ts';
import { applicationType } from './2026-11-01-application-type.ts';
import type { Json } from './body.ts';

// The business system's new workflow asks for supplements and tells approvals from rejections.

export const olderCaseStatuses = ['submitted', 'under_review', 'decided'] as const;
export type OlderCaseStatus = (typeof olderCaseStatuses)[number];
type CaseStatus = (typeof caseStatuses)[number];

const olderStatus = z.enum(olderCaseStatuses);

/** Lossy on purpose: older callers cannot learn that a supplement is requested, nor how a case was decided. */
export const olderStatusOf: Readonly<Record<CaseStatus, OlderCaseStatus>> = {
  submitted: 'submitted',
  under_review: 'under_review',
  supplement_requested: 'under_review',
  approved: 'decided',
  rejected: 'decided',
};

const downStatus = (body: unknown): Json => {
  const found = body as Json & { status: CaseStatus };
  return { ...found, status: olderStatusOf[found.status] };
};

const statusAtRoot = {
  response: (body: z.ZodType) => editObjectAt(body, [], (object) => object.extend({ status: olderStatus })),
  down: downStatus,
};

// What 2026-04-01 looks like, for its types (this change comes after split-applicant-name going down).
const olderCase = splitApplicantName.before.getCase.response.extend({ status: olderStatus });
const newerList = applicationType.before.listMyCases.response;

export const caseStatusWorkflow = {
  id: 'case-status-workflow',
  description: {
    sv: 'Ärenden kan nu vänta på komplettering, och beslut visas som beviljat eller avslaget. Äldre versioner ser ”handläggs” och ”beslutat”.',
    en: 'Cases can now wait for a supplement, and decisions show as approved or rejected. Older versions see “under review” and “decided”.',
  },
  // Older callers cannot tell a citizen that a supplement is requested: no transform can carry that.
  sideEffects: true,
  operations: {
    createCase: statusAtRoot,
    getCase: statusAtRoot,
    getCaseStatus: statusAtRoot,
    listMyCases: {
      response: (body) =>
        editObjectAt(body, ['cases', arrayItems], (item) => item.extend({ status: olderStatus })),
      down: (body) => {
        const list = body as { cases: Json[] };
        return { ...list, cases: list.cases.map(downStatus) };
      },
    },
  },
  before: {
    createCase: { response: olderCase },
    getCase: { response: olderCase },
    getCaseStatus: { response: caseStatusResponse.extend({ status: olderStatus }) },
    listMyCases: {
      response: newerList.extend({
        cases: z.array(newerList.shape.cases.element.extend({ status: olderStatus })),
      }),
    },
  },
} satisfies VersionChange<CaseOperationId>;
