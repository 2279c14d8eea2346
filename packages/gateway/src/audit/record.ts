import { BryggaError } from '@brygga/contract';
import { containsPersonnummer } from '../log/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { normalisePersonnummer } from './personnummer.ts';
import type { PurposeEntry, PurposeRegistry } from './purposes.ts';
import { type SubjectKey, type SubjectReference, subjectReference } from './subject.ts';

export type AuditActor =
  | { readonly kind: 'citizen' }
  /** An official or a system acting: `id` says which (a citizen is known through the subject reference). */
  | { readonly kind: 'official' | 'system'; readonly id: string };

export type AuditOutcome =
  | { readonly status: 'success' }
  /** `problem` is the stable error code the caller was answered with. */
  | { readonly status: 'failure'; readonly problem: string };

export type AuditDetails = Readonly<Record<string, string | number | boolean>>;

/** One processing of personal data, as the code that did it describes it. */
export interface AuditRecordInput {
  readonly actor: AuditActor;
  /** Whose data: any written form of a personnummer or samordningsnummer; null for records about no one. */
  readonly subject: { readonly personnummer: string } | null;
  /** The e-service the data went to or came from (the recipient). */
  readonly eService?: string | null;
  readonly businessSystem?: string | null;
  readonly contract?: { readonly name: string; readonly version: string } | null;
  readonly operation: string;
  /** Id of a configured purpose (or a built-in one); its legal basis is filled in from the configuration. */
  readonly purpose: string;
  /** Default: the purpose's data categories. */
  readonly dataCategories?: readonly string[];
  readonly outcome: AuditOutcome;
  readonly traceId?: string | null;
  readonly requestId?: string | null;
  /** A few facts about a system record (counts, ids). Never personal data. */
  readonly details?: AuditDetails | null;
  /** Default: now. */
  readonly time?: Date;
}

/** The record as hashed and stored (version 1). Its canonical JSON is the Merkle leaf's entry. */
export interface RecordPayload {
  readonly v: 1;
  readonly seq: number;
  readonly time: string;
  readonly actor: { readonly kind: AuditActor['kind']; readonly id: string | null };
  readonly subject: SubjectReference | null;
  readonly eService: string | null;
  readonly businessSystem: string | null;
  readonly contract: string | null;
  readonly contractVersion: string | null;
  readonly operation: string;
  readonly purpose: { readonly id: string; readonly legalBasis: string; readonly reference: string | null };
  readonly dataCategories: readonly string[];
  readonly outcome: { readonly status: AuditOutcome['status']; readonly problem: string | null };
  readonly traceId: string | null;
  readonly requestId: string | null;
  readonly details: AuditDetails | null;
}

/** A record checked and pseudonymised, waiting only for its sequence number. Holds no personnummer. */
export interface PreparedRecord {
  readonly fields: Omit<RecordPayload, 'seq'>;
  /**
   * Its canonical JSON around the sequence number (`{…,"seq":` and `,"subject":…}`), written when the record is
   * prepared, outside the writer's lock, so numbering a batch only joins three strings per record.
   */
  readonly textBeforeSeq: string;
  readonly textAfterSeq: string;
}

export interface PrepareContext {
  readonly subjectKey: SubjectKey;
  readonly purposes: PurposeRegistry;
  readonly now: () => Date;
}

const maxTextLength = 256;
const maxDetails = 16;

function misuse(message: string): BryggaError {
  // A caller's bug, not bad input from a person: internal_error, with a message that never quotes a value.
  return new BryggaError('internal_error', { cause: new Error(`audit record refused: ${message}`) });
}

/**
 * Texts that passed `checkText`: e-services, operations, contracts, versions and categories come from the
 * configuration and repeat in every record, so each is checked once rather than by three regular expressions
 * per record. Bounded: emptied when full. Holds only texts that were refused nothing (never a personnummer).
 */
const checkedTexts = new Set<string>();
const maxCheckedTexts = 4096;

function checkText(value: unknown, name: string): string {
  if (typeof value === 'string' && checkedTexts.has(value)) return value;
  checkTextOnce(value, name);
  if (checkedTexts.size >= maxCheckedTexts) checkedTexts.clear();
  checkedTexts.add(value as string);
  return value as string;
}

/** `checkText` for values that differ in every record (request ids, detail values): not remembered. */
function checkTextOnce(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxTextLength) {
    throw misuse(`${name} must be text of 1 to ${maxTextLength} characters`);
  }
  // Control characters have no place in identifiers and would garble CSV extracts; a lone surrogate has no
  // canonical JSON form.
  if (/[\p{Cc}\p{Surrogate}]/u.test(value)) throw misuse(`${name} contains control characters`);
  // The log keeps a keyed reference to the person, never the number itself, whichever field it slips into.
  if (containsPersonnummer(value)) throw misuse(`${name} looks like it holds a personnummer`);
  return value;
}

function optionalText(value: string | null | undefined, name: string): string | null {
  return value === undefined || value === null ? null : checkText(value, name);
}

/**
 * Checks a record and turns it into what is stored: the personnummer is normalised and replaced by its HMAC
 * here, at once, so it never waits in a queue or reaches the database; the purpose's legal basis is copied
 * in, so the record says on what ground it was done even after the configuration changes. Throws
 * `internal_error` for a malformed record (a bug in the caller). Pure apart from `now`.
 */
export function prepareRecord(input: AuditRecordInput, context: PrepareContext): PreparedRecord {
  const actorKind = input.actor.kind;
  if (actorKind !== 'citizen' && actorKind !== 'official' && actorKind !== 'system') {
    throw misuse('actor.kind must be citizen, official or system');
  }
  const actorId = actorKind === 'citizen' ? null : checkText(input.actor.id, 'actor.id');
  let subject: SubjectReference | null = null;
  if (input.subject !== null) {
    const normalised =
      typeof input.subject?.personnummer === 'string'
        ? normalisePersonnummer(input.subject.personnummer)
        : undefined;
    if (normalised === undefined) throw misuse('subject is not a valid personnummer or samordningsnummer');
    subject = subjectReference(context.subjectKey, normalised);
  }
  const purpose = context.purposes.get(checkText(input.purpose, 'purpose'));
  if (purpose === undefined) throw misuse('purpose names no configured processing activity');
  const categories = input.dataCategories ?? purpose.dataCategories;
  const dataCategories = categories.map((category, index) => checkText(category, `dataCategories[${index}]`));
  const outcome = input.outcome;
  if (outcome.status !== 'success' && outcome.status !== 'failure') {
    throw misuse('outcome.status must be success or failure');
  }
  const problem = outcome.status === 'failure' ? checkText(outcome.problem, 'outcome.problem') : null;
  const time = input.time ?? context.now();
  if (Number.isNaN(time.getTime())) throw misuse('time is not a valid date');
  const fields: PreparedRecord['fields'] = {
    v: 1,
    time: time.toISOString(),
    actor: { kind: actorKind, id: actorId },
    subject,
    eService: optionalText(input.eService, 'eService'),
    businessSystem: optionalText(input.businessSystem, 'businessSystem'),
    contract: input.contract ? checkText(input.contract.name, 'contract.name') : null,
    contractVersion: input.contract ? checkText(input.contract.version, 'contract.version') : null,
    operation: checkText(input.operation, 'operation'),
    purpose: { id: purpose.id, legalBasis: purpose.legalBasis, reference: purpose.reference },
    dataCategories,
    outcome: { status: outcome.status, problem },
    traceId: traceId(input.traceId),
    requestId:
      input.requestId === undefined || input.requestId === null
        ? null
        : checkTextOnce(input.requestId, 'requestId'),
    details: prepareDetails(input.details),
  };
  return {
    fields,
    textBeforeSeq: textBeforeSeq(fields, purpose, input.dataCategories === undefined),
    textAfterSeq: textAfterSeq(fields),
  };
}

/** A W3C trace id is 32 hex digits: checked as such, since random hex may hold a personnummer-shaped run. */
function traceId(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value))
    throw misuse('traceId must be 32 hex digits');
  return value;
}

function prepareDetails(details: AuditDetails | null | undefined): AuditDetails | null {
  if (details === undefined || details === null) return null;
  const entries = Object.entries(details);
  if (entries.length > maxDetails) throw misuse(`details has more than ${maxDetails} entries`);
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of entries) {
    checkText(key, 'details key');
    if (typeof value === 'string') out[key] = checkTextOnce(value, `details.${key}`);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value))) {
      if (typeof value === 'number' && containsPersonnummer(String(value))) {
        throw misuse(`details.${key} looks like it holds a personnummer`);
      }
      out[key] = value;
    } else throw misuse(`details.${key} must be text, a whole number or a boolean`);
  }
  return out;
}

const text = JSON.stringify;
const nullable = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * The exact text that is hashed into the leaf and stored: RFC 8785 canonical JSON of the payload.
 * record.test.ts proves it equal to `canonicalJson` of the same payload.
 */
export function recordPayloadText(
  record: Pick<PreparedRecord, 'textBeforeSeq' | 'textAfterSeq'>,
  seq: number,
): string {
  return `${record.textBeforeSeq}${seq}${record.textAfterSeq}`;
}

/**
 * The canonical text of a purpose and its default categories, per configured purpose: the same in every record
 * of that purpose. Values from the configuration (legal reference) were not checked by `prepareRecord`:
 * canonicalJson checks them.
 */
const purposeTexts = new WeakMap<PurposeEntry, { purpose: string; categories: string }>();

function purposeText(purpose: PurposeEntry): { purpose: string; categories: string } {
  let cached = purposeTexts.get(purpose);
  if (cached === undefined) {
    cached = {
      purpose: `,"purpose":{"id":${text(purpose.id)},"legalBasis":${canonicalJson(purpose.legalBasis)},"reference":${canonicalJson(purpose.reference)}}`,
      categories: categoriesText(purpose.dataCategories),
    };
    purposeTexts.set(purpose, cached);
  }
  return cached;
}

function categoriesText(categories: readonly string[]): string {
  return `,"dataCategories":[${categories.map((category) => text(category)).join(',')}]`;
}

/*
 * The canonical text, written out member by member in canonical (UTF-16) order: this runs for every record
 * appended. Every string in it was checked by `prepareRecord` (no lone surrogates), so `JSON.stringify` is
 * its canonical form. `seq` falls between requestId and subject.
 */
function textBeforeSeq(
  f: PreparedRecord['fields'],
  purpose: PurposeEntry,
  defaultCategories: boolean,
): string {
  const purposeParts = purposeText(purpose);
  return (
    `{"actor":{"id":${nullable(f.actor.id)},"kind":${text(f.actor.kind)}}` +
    `,"businessSystem":${nullable(f.businessSystem)}` +
    `,"contract":${nullable(f.contract)}` +
    `,"contractVersion":${nullable(f.contractVersion)}` +
    (defaultCategories ? purposeParts.categories : categoriesText(f.dataCategories)) +
    `,"details":${f.details === null ? 'null' : canonicalJson(f.details)}` +
    `,"eService":${nullable(f.eService)}` +
    `,"operation":${text(f.operation)}` +
    `,"outcome":{"problem":${nullable(f.outcome.problem)},"status":${text(f.outcome.status)}}` +
    purposeParts.purpose +
    `,"requestId":${nullable(f.requestId)}` +
    `,"seq":`
  );
}

function textAfterSeq(f: PreparedRecord['fields']): string {
  // The key id comes from the configuration, unchecked here: canonicalJson checks it.
  const subject =
    f.subject === null ? 'null' : `{"keyId":${canonicalJson(f.subject.keyId)},"ref":${text(f.subject.ref)}}`;
  return (
    `,"subject":${subject}` + `,"time":${text(f.time)}` + `,"traceId":${nullable(f.traceId)}` + `,"v":${f.v}}`
  );
}
