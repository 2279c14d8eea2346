import { arrayItems, editObjectAt, type VersionChange } from '@brygga/contract';
import { z } from 'zod';
import type { CaseOperationId } from '../operations.ts';
import { caseList, caseSummary } from '../schemas.ts';
import { applicantFromLogin } from './2026-12-01-applicant-from-login.ts';
import { editRequestBody, type Json } from './body.ts';

// The business system started handling demolition and ground-works permits beside building permits.
// Callers of older versions only ever applied for building permits, so that is what their requests become.

export const defaultApplicationType = 'bygglov';

const withoutApplicationType = ({ applicationType: _, ...rest }: Json): Json => rest;

// What 2026-08-15 looks like, for its types: no application type anywhere.
const newer = applicantFromLogin.before;
const olderCase = newer.getCase.response.omit({ applicationType: true });

export const applicationType = {
  id: 'application-type',
  description: {
    sv: 'En ansökan anger nu om den gäller bygglov, rivningslov eller marklov. Äldre versioner ansöker alltid om bygglov och ser inte typen.',
    en: 'An application now states whether it is for a building, demolition or ground works permit. Older versions always apply for a building permit and do not see the type.',
  },
  sideEffects: false,
  operations: {
    createCase: {
      request: (newer) => editRequestBody(newer, [], (body) => body.omit({ applicationType: true })),
      up: (older) => ({
        ...older,
        body: { ...(older.body as Json), applicationType: defaultApplicationType },
      }),
      response: (body) => editObjectAt(body, [], (object) => object.omit({ applicationType: true })),
      down: (body) => withoutApplicationType(body as Json),
    },
    getCase: {
      response: (body) => editObjectAt(body, [], (object) => object.omit({ applicationType: true })),
      down: (body) => withoutApplicationType(body as Json),
    },
    listMyCases: {
      response: (body) =>
        editObjectAt(body, ['cases', arrayItems], (item) => item.omit({ applicationType: true })),
      down: (body) => {
        const list = body as { cases: Json[] };
        return { ...list, cases: list.cases.map(withoutApplicationType) };
      },
    },
  },
  before: {
    createCase: { body: newer.createCase.body.omit({ applicationType: true }), response: olderCase },
    getCase: { response: olderCase },
    listMyCases: {
      response: caseList.extend({ cases: z.array(caseSummary.omit({ applicationType: true })) }),
    },
  },
} satisfies VersionChange<CaseOperationId>;
