import { editObjectAt, personalData, type VersionChange } from '@brygga/contract';
import { z } from 'zod';
import type { CaseOperationId } from '../operations.ts';
import { applicationType } from './2026-11-01-application-type.ts';
import { editRequestBody, type Json } from './body.ts';

// The business system now stores given and family names apart (the national population register does too).

export interface SplitName {
  readonly givenName: string;
  readonly familyName: string;
}

/**
 * The rule for older callers' single `name`: split at the LAST space. Everything before it is the given name
 * (so "Anna Maria Svensson" → "Anna Maria" + "Svensson"); a name with no space (or only a leading one) is all
 * family name with an empty given name. A multi-word family name ("Maria von Trapp") therefore arrives as
 * "Maria von" + "Trapp": older callers never told us where the family name starts.
 * `joinName(splitName(name)) === name` for every string.
 */
export function splitName(name: string): SplitName {
  const at = name.lastIndexOf(' ');
  return at <= 0
    ? { givenName: '', familyName: name }
    : { givenName: name.slice(0, at), familyName: name.slice(at + 1) };
}

/** The reverse for responses: given and family name joined by one space, or the family name alone. */
export function joinName({ givenName, familyName }: SplitName): string {
  return givenName === '' ? familyName : `${givenName} ${familyName}`;
}

// Trimmed, so the split never sees a leading or trailing space and both halves stay within the head's limits.
const requestName = personalData(z.string().trim().min(1).max(200));
const responseName = personalData(z.string());

const toSingleName = (applicant: z.ZodObject, name: z.ZodType) =>
  applicant.omit({ givenName: true, familyName: true }).extend({ name });

const joinApplicant = (body: unknown): Json => {
  const found = body as Json & { applicant: Json & SplitName };
  const { givenName: _, familyName: __, ...applicant } = found.applicant;
  return { ...found, applicant: { ...applicant, name: joinName(found.applicant) } };
};

// The shapes right below this change, for types: one name instead of two.
const newer = applicationType.before;
const newerBody = newer.createCase.body;
const newerCase = newer.getCase.response;
const olderCase = newerCase.extend({
  applicant: newerCase.shape.applicant
    .omit({ givenName: true, familyName: true })
    .extend({ name: responseName }),
});

export const splitApplicantName = {
  id: 'split-applicant-name',
  description: {
    sv: 'Sökandens namn delas i förnamn och efternamn. Äldre versioner skickar ett namn som delas vid sista mellanslaget.',
    en: 'The applicant’s name is split into given and family name. Older versions send one name, split at its last space.',
  },
  sideEffects: false,
  operations: {
    createCase: {
      request: (newer) =>
        editRequestBody(newer, ['applicant'], (applicant) => toSingleName(applicant, requestName)),
      up: (older) => {
        const body = older.body as Json & { applicant: Json & { name: string } };
        const { name, ...applicant } = body.applicant;
        return { ...older, body: { ...body, applicant: { ...applicant, ...splitName(name) } } };
      },
      response: (body) =>
        editObjectAt(body, ['applicant'], (applicant) => toSingleName(applicant, responseName)),
      down: joinApplicant,
    },
    getCase: {
      response: (body) =>
        editObjectAt(body, ['applicant'], (applicant) => toSingleName(applicant, responseName)),
      down: joinApplicant,
    },
  },
  before: {
    createCase: {
      body: newerBody.extend({
        applicant: newerBody.shape.applicant
          .omit({ givenName: true, familyName: true })
          .extend({ name: requestName }),
      }),
      response: olderCase,
    },
    getCase: { response: olderCase },
  },
} satisfies VersionChange<CaseOperationId>;
