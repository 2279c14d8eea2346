import type { CaseStatus } from './status.ts';

/** A building-permit case as the system keeps it, independent of any API version. */
export interface CaseRecord {
  readonly id: string;
  readonly applicant: Applicant;
  readonly title: string;
  readonly description: string;
  /** Fastighetsbeteckning, e.g. "Sundsvall Norrmalm 1:23". */
  readonly propertyDesignation: string;
  readonly status: CaseStatus;
  readonly callbackUrl: string | null;
  readonly attachments: readonly AttachmentInfo[];
  /** Oldest first; the first entry is the case being submitted. */
  readonly statusHistory: readonly StatusChange[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Applicant {
  /** 12 digits, no separator. Personal data: never log it, never put it in a URL or an error. */
  readonly personalNumber: string;
  readonly name: string;
}

export interface AttachmentInfo {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: AttachmentMediaType;
  readonly sizeBytes: number;
}

export interface Attachment extends AttachmentInfo {
  readonly content: Uint8Array;
}

export const attachmentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof attachmentMediaTypes)[number];

export interface StatusChange {
  readonly status: CaseStatus;
  readonly comment: string | null;
  readonly changedAt: string;
}

/** What an API version hands over to create a case. */
export interface NewCase {
  readonly applicant: Applicant;
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly callbackUrl: string | null;
  readonly attachments: readonly NewAttachment[];
}

export interface NewAttachment {
  readonly fileName: string;
  readonly mediaType: AttachmentMediaType;
  readonly content: Uint8Array;
}

/** Which cases a list or search wants, in stored terms. */
export interface CaseFilter {
  readonly personalNumber?: string | undefined;
  /** Any of these; undefined means all. */
  readonly statuses?: readonly CaseStatus[] | undefined;
}

/** Keyset position: the last case of the previous page (lists are newest first). */
export interface PageCursor {
  readonly createdAt: string;
  readonly id: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: PageCursor | null;
}
