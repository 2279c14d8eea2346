import { z } from 'zod';
import {
  type ApiDialect,
  type BusinessCase,
  type HeadCaseStatus,
  pageSchemaOf,
  timestamp,
} from './business-case.ts';

export const v1Statuses = ['received', 'in_progress', 'decided'] as const;
export type V1Status = (typeof v1Statuses)[number];

/**
 * API v1's three statuses at head: lossy. `in_progress` cannot tell a requested supplement from a review, and
 * `decided` cannot tell an approval from a rejection. The adapter never guesses an outcome: a wrong "approved"
 * could have someone build without a permit. A decided case therefore stays `under_review` at head until the
 * business system speaks v2; the decision letter reaches the applicant through its own channel.
 */
export const headStatusOfV1: Readonly<Record<V1Status, HeadCaseStatus>> = {
  received: 'submitted',
  in_progress: 'under_review',
  decided: 'under_review',
};

const caseSchema: z.ZodType<BusinessCase> = z
  .object({
    id: z.string().min(1),
    applicantPersonalNumber: z.string(),
    applicantName: z.string(),
    subject: z.string(),
    description: z.string(),
    propertyDesignation: z.string(),
    status: z.enum(v1Statuses),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .transform(({ applicantPersonalNumber, applicantName, subject, status, ...rest }) => ({
    ...rest,
    personalIdentityNumber: applicantPersonalNumber,
    name: applicantName,
    title: subject,
    status: headStatusOfV1[status],
  }));

export const v1: ApiDialect = {
  version: 'v1',
  prefix: '/api/v1',
  createBody: (application) => ({
    applicantPersonalNumber: application.personalIdentityNumber,
    applicantName: application.name,
    subject: application.title,
    description: application.description,
    propertyDesignation: application.propertyDesignation,
  }),
  searchBody: (personalIdentityNumber, limit, cursor) => ({
    applicantPersonalNumber: personalIdentityNumber,
    limit,
    ...(cursor === undefined ? {} : { cursor }),
  }),
  caseSchema,
  pageSchema: pageSchemaOf(caseSchema),
};
