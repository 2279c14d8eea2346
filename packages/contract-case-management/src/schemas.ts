import { personalData } from '@brygga/contract';
import { z } from 'zod';
import { hasValidCheckDigit, personalIdentityNumberPattern } from './personal-identity-number.ts';

// Head-version building blocks. Requests get strict objects and input limits; responses get plain objects and
// looser strings, so a value the business system already holds never fails on its way back to a caller.

export const caseId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  .describe(
    'The id the business system gave the case: a case number (diarienummer) such as BN-2026-001234, or an opaque id. Treat it as opaque.',
  );

export const applicationTypes = ['bygglov', 'rivningslov', 'marklov'] as const;
export const applicationType = z
  .enum(applicationTypes)
  .describe('Building permit (bygglov), demolition permit (rivningslov) or ground works permit (marklov).');

export const caseStatuses = [
  'submitted',
  'under_review',
  'supplement_requested',
  'approved',
  'rejected',
] as const;
export const caseStatus = z.enum(caseStatuses);

/**
 * The personnummer as versions before 2026-12-01 take it from the e-service. The head has none: the gateway
 * knows the applicant from the login (see the change applicant-from-login).
 */
export const personalIdentityNumber = personalData(
  z
    .string()
    .regex(personalIdentityNumberPattern, 'Write the personal identity number as 12 digits, YYYYMMDDNNNN.')
    .refine(hasValidCheckDigit, 'The check digit of the personal identity number does not match.'),
);

export const propertyDesignation = z
  .string()
  .regex(/^[A-ZÅÄÖ][A-Za-zÅÄÖåäöÉé-]*(?: [A-Za-zÅÄÖåäöÉé-]+)* \d{1,4}:\d{1,4}$/)
  .describe('The property designation (fastighetsbeteckning), e.g. UPPSALA KÅBO 5:12.');

const contactRequest = {
  email: personalData(z.email()).optional(),
  phone: personalData(z.string().regex(/^\+?[0-9 ()-]{6,20}$/)).optional(),
};

/**
 * The applicant is the logged-in person: no personnummer, which the gateway adds from the login.
 * A person with a single name has an empty given name; the family name is never empty.
 * Names are not trimmed at head, so what a caller wrote is what the business system gets.
 */
export const applicantRequest = z.strictObject({
  givenName: personalData(z.string().max(200)),
  familyName: personalData(z.string().min(1).max(200)),
  ...contactRequest,
});

export const createCaseBody = z.strictObject({
  applicationType,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  propertyDesignation,
  applicant: applicantRequest,
});

export const caseParams = z.strictObject({ caseId });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** Always the logged-in citizen's own case, so no personnummer: the e-service knows whose case it is. */
export const applicantResponse = z.object({
  givenName: personalData(z.string()),
  familyName: personalData(z.string()),
  email: personalData(z.string()).optional(),
  phone: personalData(z.string()).optional(),
});

export const caseResponse = z.object({
  caseId: z.string(),
  applicationType,
  title: z.string(),
  description: z.string(),
  propertyDesignation: z.string(),
  applicant: applicantResponse,
  status: caseStatus,
  submittedAt: z.iso.datetime(),
});

export const caseSummary = z.object({
  caseId: z.string(),
  applicationType,
  title: z.string(),
  status: caseStatus,
  submittedAt: z.iso.datetime(),
});

export const caseList = z.object({
  cases: z.array(caseSummary),
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

export const caseStatusResponse = z.object({
  caseId: z.string(),
  status: caseStatus,
  updatedAt: z.iso.datetime(),
});
