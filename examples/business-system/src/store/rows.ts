import type { SQLOutputValue } from 'node:sqlite';
import type { Attachment, AttachmentInfo, CaseRecord, StatusChange } from '../domain/case.ts';
import { type AttachmentMediaType, attachmentMediaTypes } from '../domain/case.ts';
import { isCaseStatus } from '../domain/status.ts';

/** Pure mapping from SQLite rows to the case model; a row that breaks the schema's promises is a bug. */

export type Row = Record<string, SQLOutputValue>;

export function caseFromRows(row: Row, attachments: readonly Row[], history: readonly Row[]): CaseRecord {
  return {
    id: text(row, 'id'),
    applicant: { personalNumber: text(row, 'applicant_personal_number'), name: text(row, 'applicant_name') },
    title: text(row, 'title'),
    description: text(row, 'description'),
    propertyDesignation: text(row, 'property_designation'),
    status: status(row, 'status'),
    callbackUrl: nullableText(row, 'callback_url'),
    attachments: attachments.map(attachmentInfoFromRow),
    statusHistory: history.map(statusChangeFromRow),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export function attachmentInfoFromRow(row: Row): AttachmentInfo {
  return {
    id: text(row, 'id'),
    fileName: text(row, 'file_name'),
    mediaType: mediaType(row, 'media_type'),
    sizeBytes: integer(row, 'size_bytes'),
  };
}

export function attachmentFromRow(row: Row): Attachment {
  const content = row.content;
  if (!(content instanceof Uint8Array)) throw unexpected('content');
  return { ...attachmentInfoFromRow(row), content };
}

export function statusChangeFromRow(row: Row): StatusChange {
  return {
    status: status(row, 'status'),
    comment: nullableText(row, 'comment'),
    changedAt: text(row, 'changed_at'),
  };
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw unexpected(column);
  return value;
}

function nullableText(row: Row, column: string): string | null {
  const value = row[column];
  if (value === null) return null;
  if (typeof value !== 'string') throw unexpected(column);
  return value;
}

function integer(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw unexpected(column);
  return value;
}

function status(row: Row, column: string) {
  const value = row[column];
  if (!isCaseStatus(value)) throw unexpected(column);
  return value;
}

function mediaType(row: Row, column: string): AttachmentMediaType {
  const value = row[column];
  if (!(attachmentMediaTypes as readonly unknown[]).includes(value)) throw unexpected(column);
  return value as AttachmentMediaType;
}

// Names the column only: the value may be personal data.
function unexpected(column: string): Error {
  return new Error(`Unexpected value in column ${column}`);
}
