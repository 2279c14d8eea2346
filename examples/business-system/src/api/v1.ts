import * as z from 'zod';
import type { AttachmentInfo, CaseFilter, CaseRecord, NewCase } from '../domain/case.ts';
import { statusToV1, type V1Status, v1Statuses, v1StatusToStored } from '../domain/status.ts';
import {
  attachmentsSchema,
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

/** API v1, the system's first API: flat applicant fields, `subject`, three statuses. Pure mapping only. */

export const v1CreateCaseSchema = z.strictObject({
  applicantPersonalNumber: personalNumberSchema,
  applicantName: nameSchema,
  subject: titleSchema,
  description: descriptionSchema,
  propertyDesignation: propertyDesignationSchema,
  attachments: attachmentsSchema.optional(),
});
export type V1CreateCase = z.output<typeof v1CreateCaseSchema>;

export interface V1Case {
  readonly id: string;
  readonly applicantPersonalNumber: string;
  readonly applicantName: string;
  readonly subject: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly status: V1Status;
  readonly attachments: readonly AttachmentInfo[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function v1ToNewCase(input: V1CreateCase): NewCase {
  return {
    applicant: { personalNumber: input.applicantPersonalNumber, name: input.applicantName },
    title: input.subject,
    description: input.description,
    propertyDesignation: input.propertyDesignation,
    // v1 predates status callbacks.
    callbackUrl: null,
    attachments: (input.attachments ?? []).map(toNewAttachment),
  };
}

export function toV1Case(record: CaseRecord): V1Case {
  return {
    id: record.id,
    applicantPersonalNumber: record.applicant.personalNumber,
    applicantName: record.applicant.name,
    subject: record.title,
    description: record.description,
    propertyDesignation: record.propertyDesignation,
    status: statusToV1(record.status),
    attachments: record.attachments.map(toAttachmentView),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export const v1SearchSchema = z.strictObject({
  applicantPersonalNumber: personalNumberSchema.optional(),
  status: z.enum(v1Statuses).optional(),
  limit: limitSchema.optional(),
  cursor: cursorSchema.optional(),
});
export type V1Search = z.output<typeof v1SearchSchema>;

export function v1SearchToQuery(input: V1Search): { filter: CaseFilter } & ListQuery {
  return {
    filter: {
      personalNumber: input.applicantPersonalNumber,
      statuses: input.status === undefined ? undefined : v1StatusToStored(input.status),
    },
    ...toListQuery(input),
  };
}
