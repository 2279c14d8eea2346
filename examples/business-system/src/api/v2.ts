import * as z from 'zod';
import type { AttachmentInfo, CaseFilter, CaseRecord, NewCase } from '../domain/case.ts';
import { type CaseStatus, caseStatuses } from '../domain/status.ts';
import {
  attachmentsSchema,
  callbackUrlSchema,
  cursorSchema,
  descriptionSchema,
  type ListQuery,
  limitSchema,
  nameSchema,
  personalNumberSchema,
  propertyDesignationSchema,
  titleSchema,
  toAttachmentView,
  toListQuery,
  toNewAttachment,
} from './fields.ts';

/**
 * API v2: `subject` became `title`, the applicant became a nested object, the status model got five
 * states, and cases may carry a callback URL. Pure mapping only.
 */

export const v2CreateCaseSchema = z.strictObject({
  applicant: z.strictObject({ personalIdentityNumber: personalNumberSchema, name: nameSchema }),
  title: titleSchema,
  description: descriptionSchema,
  propertyDesignation: propertyDesignationSchema,
  callbackUrl: callbackUrlSchema.optional(),
  attachments: attachmentsSchema.optional(),
});
export type V2CreateCase = z.output<typeof v2CreateCaseSchema>;

export interface V2Case {
  readonly id: string;
  readonly applicant: { readonly personalIdentityNumber: string; readonly name: string };
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly status: CaseStatus;
  readonly statusHistory: readonly V2StatusChange[];
  readonly callbackUrl: string | null;
  readonly attachments: readonly AttachmentInfo[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface V2StatusChange {
  readonly status: CaseStatus;
  readonly comment: string | null;
  readonly changedAt: string;
}

export function v2ToNewCase(input: V2CreateCase): NewCase {
  return {
    applicant: { personalNumber: input.applicant.personalIdentityNumber, name: input.applicant.name },
    title: input.title,
    description: input.description,
    propertyDesignation: input.propertyDesignation,
    callbackUrl: input.callbackUrl ?? null,
    attachments: (input.attachments ?? []).map(toNewAttachment),
  };
}

export function toV2Case(record: CaseRecord): V2Case {
  return {
    id: record.id,
    applicant: { personalIdentityNumber: record.applicant.personalNumber, name: record.applicant.name },
    title: record.title,
    description: record.description,
    propertyDesignation: record.propertyDesignation,
    status: record.status,
    statusHistory: record.statusHistory.map(({ status, comment, changedAt }) => ({
      status,
      comment,
      changedAt,
    })),
    callbackUrl: record.callbackUrl,
    attachments: record.attachments.map(toAttachmentView),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export const v2SearchSchema = z.strictObject({
  applicant: z.strictObject({ personalIdentityNumber: personalNumberSchema }).optional(),
  status: z.enum(caseStatuses).optional(),
  limit: limitSchema.optional(),
  cursor: cursorSchema.optional(),
});
export type V2Search = z.output<typeof v2SearchSchema>;

export function v2SearchToQuery(input: V2Search): { filter: CaseFilter } & ListQuery {
  return {
    filter: {
      personalNumber: input.applicant?.personalIdentityNumber,
      statuses: input.status === undefined ? undefined : [input.status],
    },
    ...toListQuery(input),
  };
}

export const v2StatusChangeSchema = z.strictObject({
  status: z.enum(caseStatuses),
  comment: z.string().trim().max(2000).optional(),
});
export type V2StatusChangeRequest = z.output<typeof v2StatusChangeSchema>;
