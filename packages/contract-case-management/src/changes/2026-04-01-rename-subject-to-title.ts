import { arrayItems, editObjectAt, renameField, type VersionChange } from '@brygga/contract';
import type { CaseOperationId } from '../operations.ts';
import { editRequestBody, type Json } from './body.ts';

// The business system renamed the case's "subject" to "title". Same value, new name: lossless both ways.

const toSubject = ({ title, ...rest }: Json): Json => ({ ...rest, subject: title });

export const renameSubjectToTitle: VersionChange<CaseOperationId> = {
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
};
