import { chainNext, encodeHash, leafHash, type MerkleFrontier } from './merkle.ts';
import { recordPayloadText } from './record.ts';
import { subjectTag } from './subject.ts';

/** The state a writer continues from: what the head row holds. */
export interface LogHead {
  readonly size: number;
  readonly chainHead: Buffer;
  readonly frontier: MerkleFrontier;
  /** Tree size of the last checkpoint; 0 before the first. */
  readonly checkpointSize: number;
  readonly checkpointHash: string | null;
  readonly checkpointTime: string | null;
}

/** What numbering needs of a prepared record: a `PreparedRecord`, or its parts as the writer thread gets them. */
export interface PlannableRecord {
  readonly fields: {
    readonly time: string;
    readonly subject: { readonly ref: string; readonly keyId: string } | null;
    readonly purpose: { readonly id: string };
  };
  readonly textBeforeSeq: string;
  readonly textAfterSeq: string;
}

/** One row of brygga_audit_records, ready to insert. */
export interface RecordRow {
  readonly seq: number;
  readonly time: string;
  readonly subjectTag: number | null;
  readonly subjectRef: string | null;
  readonly subjectKeyId: string | null;
  readonly purposeId: string;
  readonly payload: string;
  readonly leafHash: string;
  readonly chainHash: string;
}

/**
 * Numbers, hashes and chains a batch onto the head: seq n+1, n+2, ..., each leaf SHA-256(0x00 || payload),
 * each chain link over the one before. Returns the rows and the head after them; the input head is not
 * changed (its frontier is cloned), so a failed transaction leaves nothing to undo. Pure.
 */
export function planAppend(
  head: LogHead,
  records: readonly PlannableRecord[],
): { rows: RecordRow[]; head: LogHead } {
  const frontier = head.frontier.clone();
  let chain = head.chainHead;
  const rows: RecordRow[] = [];
  let seq = head.size;
  for (const record of records) {
    seq += 1;
    const payload = recordPayloadText(record, seq);
    const leaf = leafHash(payload);
    chain = chainNext(chain, leaf);
    frontier.push(leaf);
    const { fields } = record;
    rows.push({
      seq,
      time: fields.time,
      subjectTag: fields.subject ? subjectTag(fields.subject.ref) : null,
      subjectRef: fields.subject?.ref ?? null,
      subjectKeyId: fields.subject?.keyId ?? null,
      purposeId: fields.purpose.id,
      payload,
      leafHash: encodeHash(leaf),
      chainHash: encodeHash(chain),
    });
  }
  return { rows, head: { ...head, size: seq, chainHead: chain, frontier } };
}

export interface CheckpointPolicy {
  /** Checkpoint after this many new records. */
  readonly every: number;
  /** ...or when the last checkpoint is this old and there are new records. */
  readonly seconds: number;
}

/** After a batch: a checkpoint is due when enough records, or enough time, have passed since the last. Pure. */
export function checkpointDueAfterBatch(head: LogHead, policy: CheckpointPolicy, now: Date): boolean {
  const pending = head.size - head.checkpointSize;
  if (pending <= 0) return false;
  if (pending >= policy.every) return true;
  return head.checkpointTime !== null && olderThan(head.checkpointTime, policy.seconds, now);
}

/**
 * On the timer, which fires every `seconds`: any record not yet covered has waited long enough, including
 * before the first checkpoint (which has no time to compare with). Pure.
 */
export function checkpointDueOnTimer(head: LogHead, policy: CheckpointPolicy, now: Date): boolean {
  if (head.size <= head.checkpointSize) return false;
  return head.checkpointTime === null || olderThan(head.checkpointTime, policy.seconds, now);
}

function olderThan(time: string, seconds: number, now: Date): boolean {
  // A little slack so a timer firing on the dot is not a few milliseconds early.
  return now.getTime() - Date.parse(time) >= seconds * 1000 - 50;
}
