import type { caseStatuses } from '@brygga/contract-case-management';
import { z } from 'zod';

export type HeadCaseStatus = (typeof caseStatuses)[number];

/** A case as the adapter needs it, whatever the API version: business names, head statuses. */
export interface BusinessCase {
  readonly id: string;
  /** Personal data: never log it, never put it in an error. */
  readonly personalIdentityNumber: string;
  readonly name: string;
  readonly title: string;
  /** As stored, with the application-type line (see ../mapping/application-type.ts). */
  readonly description: string;
  readonly propertyDesignation: string;
  readonly status: HeadCaseStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface BusinessPage {
  readonly items: readonly BusinessCase[];
  readonly nextCursor: string | null;
}

/** What createCase sends, in business terms, before an API version names the fields. */
export interface NewApplication {
  readonly personalIdentityNumber: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
}

/** How one version of the business API names things; the operations are written once against this. */
export interface ApiDialect {
  readonly version: 'v1' | 'v2';
  /** Path prefix of the version, e.g. `/api/v2`. */
  readonly prefix: string;
  createBody(application: NewApplication): unknown;
  /** The search body: by applicant, in a POST body, because a personnummer never goes in a URL. */
  searchBody(personalIdentityNumber: string, limit: number, cursor: string | undefined): unknown;
  readonly caseSchema: z.ZodType<BusinessCase>;
  readonly pageSchema: z.ZodType<BusinessPage>;
}

/**
 * Business timestamps in the form the head requires (UTC, `Z`). An offset is accepted and converted, so a
 * vendor's change of time zone never fails the head schema.
 */
export const timestamp = z.iso
  .datetime({ offset: true })
  .transform((value) => (canonicalUtc.test(value) ? value : new Date(value).toISOString()));

// Already UTC with milliseconds: exactly what toISOString would give back, since z.iso.datetime has checked the
// calendar (month lengths, leap days). Most business systems send this form; two Date round trips per case read
// were the adapter's largest own cost after JSON.parse.
const canonicalUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function pageSchemaOf(caseSchema: z.ZodType<BusinessCase>): z.ZodType<BusinessPage> {
  return z.object({ items: z.array(caseSchema), nextCursor: z.string().nullable() });
}
