import { BryggaError } from '@brygga/contract';
import type { Queryable } from '../storage/index.ts';
import { normalisePersonnummer } from './personnummer.ts';
import type { RecordPayload } from './record.ts';
import { readSubjectRecords, type StoredRecord } from './sql.ts';
import { type SubjectKey, subjectReferences } from './subject.ts';

/** Dates, YYYY-MM-DD (UTC), both inclusive. */
export interface ExtractRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * One processing of the person's data, as told to them (GDPR Art. 15): when, by which e-service, for what
 * purpose and on what legal basis, with which business system, and how it ended. Who the official was is
 * left out: the data subject is owed the dates and purposes of consultations, generally not the identities
 * of individual employees (CJEU C-579/21).
 */
export interface LiveExtractEntry {
  readonly status: 'live';
  readonly seq: number;
  readonly time: string;
  readonly date: string;
  readonly actor: RecordPayload['actor']['kind'];
  readonly eService: string | null;
  readonly businessSystem: string | null;
  readonly contract: string | null;
  readonly contractVersion: string | null;
  readonly operation: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly legalReference: string | null;
  readonly dataCategories: readonly string[];
  readonly outcome: RecordPayload['outcome']['status'];
  readonly problem: string | null;
}

/** A record whose details were removed under a disposal decision: only that it existed, and its date. */
export interface PrunedExtractEntry {
  readonly status: 'pruned';
  readonly seq: number;
  readonly date: string;
}

export type ExtractEntry = LiveExtractEntry | PrunedExtractEntry;

/** Turns the person's stored records into extract entries within the range, in sequence order. Pure. */
export function toExtractEntries(records: readonly StoredRecord[], range: ExtractRange = {}): ExtractEntry[] {
  const entries: ExtractEntry[] = [];
  for (const record of records) {
    const date = record.time.slice(0, 10);
    if ((range.from !== undefined && date < range.from) || (range.to !== undefined && date > range.to))
      continue;
    const seq = Number(record.seq);
    if (record.payload === null) {
      entries.push({ status: 'pruned', seq, date });
      continue;
    }
    const payload = JSON.parse(record.payload) as RecordPayload;
    entries.push({
      status: 'live',
      seq,
      time: payload.time,
      date,
      actor: payload.actor.kind,
      eService: payload.eService,
      businessSystem: payload.businessSystem,
      contract: payload.contract,
      contractVersion: payload.contractVersion,
      operation: payload.operation,
      purpose: payload.purpose.id,
      legalBasis: payload.purpose.legalBasis,
      legalReference: payload.purpose.reference,
      dataCategories: payload.dataCategories,
      outcome: payload.outcome.status,
      problem: payload.outcome.problem,
    });
  }
  return entries;
}

/**
 * Every record about one person, found by their reference under each HMAC key the log has used (current
 * and previous), so records written before a key rotation are included. Throws `validation_failed` when
 * the number is not a valid personnummer or samordningsnummer (without repeating it).
 */
export async function extractForSubject(
  db: Queryable,
  keys: readonly SubjectKey[],
  personnummer: string,
  range: ExtractRange = {},
): Promise<ExtractEntry[]> {
  const normalised = normalisePersonnummer(personnummer);
  if (normalised === undefined) {
    throw new BryggaError('validation_failed', {
      detail: 'The personnummer or samordningsnummer is not valid.',
    });
  }
  const records = await readSubjectRecords(db, subjectReferences(keys, normalised));
  return toExtractEntries(records, range);
}
