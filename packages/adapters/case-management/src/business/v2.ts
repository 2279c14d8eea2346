import { z } from 'zod';
import { type ApiDialect, type BusinessCase, pageSchemaOf, timestamp } from './business-case.ts';

// API v2 has the head's five statuses, so they map one to one.
const status = z.enum(['submitted', 'under_review', 'supplement_requested', 'approved', 'rejected']);

// Plain objects: fields the business system adds later (statusHistory, attachments…) are ignored, not errors.
const caseSchema: z.ZodType<BusinessCase> = z
  .object({
    id: z.string().min(1),
    applicant: z.object({ personalIdentityNumber: z.string(), name: z.string() }),
    title: z.string(),
    description: z.string(),
    propertyDesignation: z.string(),
    status,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .transform(({ applicant, ...rest }) => ({
    ...rest,
    personalIdentityNumber: applicant.personalIdentityNumber,
    name: applicant.name,
  }));

export const v2: ApiDialect = {
  version: 'v2',
  prefix: '/api/v2',
  createBody: (application) => ({
    applicant: { personalIdentityNumber: application.personalIdentityNumber, name: application.name },
    title: application.title,
    description: application.description,
    propertyDesignation: application.propertyDesignation,
  }),
  searchBody: (personalIdentityNumber, limit, cursor) => ({
    applicant: { personalIdentityNumber },
    limit,
    ...(cursor === undefined ? {} : { cursor }),
  }),
  caseSchema,
  pageSchema: pageSchemaOf(caseSchema),
};
