import { BryggaError } from '@brygga/contract';
import type { Queryable } from '../storage/index.ts';
import { normalisePersonnummer } from './personnummer.ts';
import type { RecordPayload } from './record.ts';
import { readSubjectRecords, type StoredRecord } from './sql.ts';
import { type SubjectKey, subjectReferences } from './subject.ts';

/** The zones an extract's days and times are told in: UTC for officials, Swedish time for the citizen's page. */
export type ExtractTimeZone = 'UTC' | 'Europe/Stockholm';

/**
 * Dates, YYYY-MM-DD, both inclusive, as calendar days in `timeZone`: from the midnight starting `from` up to
 * (not including) the midnight starting the day after `to`, wherever summer time puts those midnights.
 */
export interface ExtractRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Default UTC (the officials' extract); the citizen's page asks for Europe/Stockholm, the time it shows. */
  readonly timeZone?: ExtractTimeZone | undefined;
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
  /** The day of `time` in the range's zone (UTC unless asked otherwise). */
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
  const timeZone = range.timeZone ?? 'UTC';
  for (const record of records) {
    // Pruning cuts the time to its UTC date (YYYY-MM-DD), so a pruned record's day in another zone can no longer
    // be known: in every zone it is dated, filtered and shown by the date it kept. Its Swedish day may then be
    // one later than shown (a record made 00:00-02:00 Swedish time), never any other way round.
    const date =
      record.payload === null || record.time.length <= 10
        ? record.time.slice(0, 10)
        : localDate(record.time, timeZone);
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

const wallClocks = new Map<ExtractTimeZone, Intl.DateTimeFormat>();

/** The date and time on a wall clock in `timeZone` at `instant`, and that zone's offset from UTC then. */
function wallClock(
  instant: Date,
  timeZone: ExtractTimeZone,
): { date: string; time: string; offsetMinutes: number } {
  let format = wallClocks.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const [year, month, day, hour, minute, second] = [
    parts.year,
    parts.month,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  ].map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}:${pad(second)}`,
    offsetMinutes,
  };
}

/** The calendar day (YYYY-MM-DD) of an ISO instant in `timeZone`; the text's own date when it is not one. Pure. */
export function localDate(iso: string, timeZone: ExtractTimeZone): string {
  const instant = new Date(iso);
  if (timeZone === 'UTC' || Number.isNaN(instant.getTime())) return iso.slice(0, 10);
  return wallClock(instant, timeZone).date;
}

/**
 * An ISO instant as local time in `timeZone` with its offset, to the second: 2026-03-01T00:30:05+01:00 (UTC
 * gives +00:00). The text unchanged when it is not an instant. Pure.
 */
export function localDateTime(iso: string, timeZone: ExtractTimeZone): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const { date, time, offsetMinutes } = wallClock(instant, timeZone);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${date}T${time}${sign}${hours}:${minutes}`;
}
