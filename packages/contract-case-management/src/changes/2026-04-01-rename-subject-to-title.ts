import { arrayItems, editObjectAt, renameField, type VersionChange } from '@brygga/contract';
import { z } from 'zod';
import type { CaseOperationId } from '../operations.ts';
import { caseStatusWorkflow } from './2026-08-15-case-status-workflow.ts';
import { splitApplicantName } from './2026-08-15-split-applicant-name.ts';
import { editRequestBody, type Json } from './body.ts';

// The business system renamed the case's "subject" to "title". Same value, new name: lossless both ways.

const toSubject = ({ title, ...rest }: Json): Json => ({ ...rest, subject: title });

// What 2026-01-15 looks like, for its types: "subject" where newer versions say "title".
const newerBody = splitApplicantName.before.createCase.body;
const newerCase = caseStatusWorkflow.before.getCase.response;
const newerList = caseStatusWorkflow.before.listMyCases.response;
const newerItem = newerList.shape.cases.element;
const olderCase = newerCase.omit({ title: true }).extend({ subject: newerCase.shape.title });

export const renameSubjectToTitle = {
  id: 'rename-subject-to-title',
  description: {
    sv: 'Fältet ”subject” heter nu ”title”.',
    en: 'The field “subject” is now called “title”.',
  },
  sideEffects: false,
  operations: {
    createCase: {
      request: (newer) => editRequestBody(newer, [], (body) => renameField(body, 'title', 'subject')),
      up: (older) => {
        const { subject, ...body } = older.body as Json;
        return { ...older, body: { ...body, title: subject } };
      },
      response: (body) => editObjectAt(body, [], (object) => renameField(object, 'title', 'subject')),
      down: (body) => toSubject(body as Json),
    },
    getCase: {
      response: (body) => editObjectAt(body, [], (object) => renameField(object, 'title', 'subject')),
      down: (body) => toSubject(body as Json),
    },
    listMyCases: {
      response: (body) =>
        editObjectAt(body, ['cases', arrayItems], (item) => renameField(item, 'title', 'subject')),
      down: (body) => {
        const list = body as { cases: Json[] };
        return { ...list, cases: list.cases.map(toSubject) };
      },
    },
  },
  before: {
    createCase: {
      body: newerBody.omit({ title: true }).extend({ subject: newerBody.shape.title }),
      response: olderCase,
    },
    getCase: { response: olderCase },
    listMyCases: {
      response: newerList.extend({
        cases: z.array(newerItem.omit({ title: true }).extend({ subject: newerItem.shape.title })),
      }),
    },
  },
} satisfies VersionChange<CaseOperationId>;
