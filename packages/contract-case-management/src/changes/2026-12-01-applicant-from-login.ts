import {
  type ErrorCase,
  editObjectAt,
  OperationError,
  personalData,
  type TranslationContext,
  type VersionChange,
} from '@brygga/contract';
import { z } from 'zod';
import type { CaseOperationId } from '../operations.ts';
import {
  applicantRequest,
  applicantResponse,
  caseResponse,
  createCaseBody,
  personalIdentityNumber,
} from '../schemas.ts';
import { editRequestBody, type Json } from './body.ts';

// The law, and Brygga's rule: an e-service never receives the citizen's personnummer. The gateway knows it from
// the login and hands it to the business system only. Older versions keep sending and receiving it, unchanged:
// their number must be the login's (else applicant_mismatch), and the number they get back is the login's, since
// every case a citizen can reach is their own (the adapter refuses anything else).

/** Older versions' answer when the application names someone else than the logged-in person. */
export const applicantMismatch: ErrorCase = {
  status: 403,
  title: {
    sv: 'Du kan bara ansöka i ditt eget namn.',
    en: 'You can only apply in your own name.',
  },
  detail: {
    sv: 'Personnumret i ansökan är inte ditt. Logga in som sökanden och försök igen.',
    en: 'The personal identity number in the application is not yours. Log in as the applicant and try again.',
  },
};

const responseNumber = personalData(z.string());

/** The object with the personnummer first, where older versions always had it (the order shows in `required`). */
function withNumberFirst(object: z.ZodObject, field: z.ZodType): z.ZodObject {
  const def = object._zod.def;
  return object.clone(
    { ...def, shape: { personalIdentityNumber: field, ...def.shape } } as z.core.$ZodObjectDef,
    { parent: true },
  ) as z.ZodObject;
}

const citizenNumber = (context: TranslationContext): string | undefined =>
  context.citizen?.personalIdentityNumber;

/** Older callers' case: the applicant's number is the logged-in citizen's, since the case is theirs. */
const numberBack = (body: unknown, context: TranslationContext): Json => {
  const number = citizenNumber(context);
  // A gateway bug, not a caller's mistake: without the login there is no number to give back.
  if (number === undefined)
    throw new Error('an older version needs the logged-in citizen to show the applicant');
  const found = body as Json & { applicant: Json };
  return { ...found, applicant: { personalIdentityNumber: number, ...found.applicant } };
};

const caseShape = {
  response: (body: z.ZodType) =>
    editObjectAt(body, ['applicant'], (applicant) => withNumberFirst(applicant, responseNumber)),
  down: numberBack,
};

// What 2026-11-01 looks like, for its types: the applicant carries the personnummer both ways.
const olderCase = caseResponse.extend({
  applicant: applicantResponse.extend({ personalIdentityNumber: responseNumber }),
});

export const applicantFromLogin = {
  id: 'applicant-from-login',
  description: {
    sv: 'Sökanden är den som är inloggad. E-tjänsten skickar inte längre personnumret och får det inte heller tillbaka.',
    en: 'The applicant is the person who is logged in. The e-service no longer sends the personal identity number, nor gets it back.',
  },
  // Lossless for older callers: the number they sent had to be the login's, and the one they get back is it.
  sideEffects: false,
  operations: {
    createCase: {
      request: (newer) =>
        editRequestBody(newer, ['applicant'], (applicant) =>
          withNumberFirst(applicant, personalIdentityNumber),
        ),
      errors: (newer) => ({ ...newer, applicant_mismatch: applicantMismatch }),
      up: (older, context) => {
        const body = older.body as Json & { applicant: Json & { personalIdentityNumber: string } };
        const { personalIdentityNumber: sent, ...applicant } = body.applicant;
        // Fails closed: with nobody logged in, no number can be the applicant's.
        if (sent !== citizenNumber(context)) throw new OperationError('applicant_mismatch');
        return { ...older, body: { ...body, applicant } };
      },
      ...caseShape,
    },
    getCase: caseShape,
  },
  before: {
    createCase: {
      body: createCaseBody.extend({ applicant: applicantRequest.extend({ personalIdentityNumber }) }),
      response: olderCase,
    },
    getCase: { response: olderCase },
  },
} satisfies VersionChange<CaseOperationId>;
