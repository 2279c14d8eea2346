import { hash } from 'node:crypto';
import { chainGenesis, chainNext, decodeHash, encodeHash, MerkleFrontier } from './merkle.ts';
import { subjectTag } from './subject.ts';

/*
 * The hashing half of `audit verify`, for a run of consecutive records, written so a worker thread can do it
 * while the main thread reads the next run. Pure. It answers only "all in order" (with what the verifier
 * needs to continue: the Merkle subtrees of the run and its last chain hash) or "not in order"; the verifier
 * then checks a run that is not record by record itself, so every problem is reported exactly as before.
 *
 * Each chain link is checked from the stored chain hash of the record before it, which is what the
 * record-by-record verifier holds at that point too (it resynchronises to the stored hash after a bad link),
 * so runs are independent of each other and can be hashed in any order and on any thread.
 */

/** A run of records, column by column (cheaper to pass to a thread than one object per record). */
export interface RecordRun {
  readonly firstSeq: number;
  /** The stored chain hash of record firstSeq − 1; null before record 1 (the chain starts from genesis). */
  readonly previousChain: string | null;
  /** Each payload as its leaf's input: the byte 0x00, then the payload's UTF-8 bytes (what is hashed). */
  readonly payloads: readonly (Buffer | null)[];
  readonly leafHashes: readonly string[];
  readonly chainHashes: readonly string[];
  readonly times: readonly string[];
  readonly subjectTags: readonly (number | null)[];
  readonly subjectRefs: readonly (string | null)[];
  readonly subjectKeyIds: readonly (string | null)[];
  readonly prunedAt: readonly (string | null)[];
  readonly purposeIds: readonly (string | null)[];
}

/** What a thread is given: a run as read by `readRecordRun`. */
export interface RunBytes {
  /** The run's first record. */
  readonly firstSeq: number;
  /** The bytes start with record firstSeq − 1 (every run but the first). */
  readonly withPrevious: boolean;
  /** Records in the bytes, the one before the run included. */
  readonly count: number;
  readonly bytes: Uint8Array;
}

/** A run whose every record matched: its leaves as perfect subtrees (in order), its last chain hash. */
export interface CheckedRun {
  readonly firstSeq: number;
  readonly count: number;
  readonly previousChain: string | null;
  readonly lastChain: string;
  readonly pruned: number;
  readonly subtrees: readonly { readonly height: number; readonly root: Uint8Array }[];
}

/** Checks every record of the run; undefined when any record needs the record-by-record verifier. */
export function checkRun(run: RecordRun): CheckedRun | undefined {
  const count = run.payloads.length;
  if (count === 0) return undefined;
  let chain = run.previousChain === null ? chainGenesis : tryDecode(run.previousChain);
  if (chain === undefined) return undefined;
  const subtrees: { height: number; root: Uint8Array }[] = [];
  // The run's leaves fall into the largest aligned perfect subtrees that tile it, left to right.
  let position = run.firstSeq - 1;
  const end = position + count;
  let width = tileWidth(position, end);
  let tile = new MerkleFrontier();
  let pruned = 0;
  for (let index = 0; index < count; index += 1) {
    const seq = run.firstSeq + index;
    const payload = run.payloads[index] as Buffer | null;
    let leaf: Buffer | undefined;
    if (payload === null) {
      if (run.prunedAt[index] === null) return undefined;
      leaf = tryDecode(run.leafHashes[index] as string);
      if (leaf === undefined) return undefined;
      pruned += 1;
    } else {
      if (run.prunedAt[index] !== null) return undefined;
      // SHA-256(0x00 || payload), as leafHash computes it, straight from the bytes read.
      leaf = hash('sha256', payload, 'buffer');
      if (encodeHash(leaf) !== run.leafHashes[index]) return undefined;
      const matches = columnsMatchPayload(
        payload,
        seq,
        run.times[index] as string,
        run.subjectTags[index] as number | null,
        run.subjectRefs[index] as string | null,
        run.subjectKeyIds[index] as string | null,
        run.purposeIds[index] as string | null,
      );
      if (!matches) return undefined;
    }
    chain = chainNext(chain, leaf);
    if (encodeHash(chain) !== run.chainHashes[index]) return undefined;
    tile.push(leaf);
    if (tile.size === width) {
      subtrees.push({ height: Math.log2(width), root: tile.root() });
      position += width;
      if (position < end) {
        width = tileWidth(position, end);
        tile = new MerkleFrontier();
      }
    }
  }
  return {
    firstSeq: run.firstSeq,
    count,
    previousChain: run.previousChain,
    lastChain: run.chainHashes[count - 1] as string,
    pruned,
    subtrees,
  };
}

/**
 * A run read by `readRecordRun`: `count` records of ten length-prefixed columns (seq, time, subject_tag,
 * subject_ref, subject_key_id, payload, leaf_hash, chain_hash, pruned_at, purpose_id). Undefined when the bytes are not
 * exactly that, or the sequence numbers are not firstSeq, firstSeq + 1, ... (a gap: the verifier goes
 * record by record there).
 */
export function parseRun(message: RunBytes): RecordRun | undefined {
  const { bytes, count, withPrevious } = message;
  // With the record before the run first: read only for its chain hash, which the run's first link starts from.
  const firstSeq = message.firstSeq - (withPrevious ? 1 : 0);
  let previousChain: string | null = null;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const run = {
    firstSeq: message.firstSeq,
    previousChain,
    payloads: [] as (Buffer | null)[],
    leafHashes: [] as string[],
    chainHashes: [] as string[],
    times: [] as string[],
    subjectTags: [] as (number | null)[],
    subjectRefs: [] as (string | null)[],
    subjectKeyIds: [] as (string | null)[],
    prunedAt: [] as (string | null)[],
    purposeIds: [] as (string | null)[],
  };
  let offset = 0;
  // One column: `-` (NULL) or decimal byte length, `:`, the bytes. Returns undefined past the end or on junk;
  // else the column's text, or (`asLeaf`) its bytes with the `:` before them turned into the leaf prefix 0x00.
  function next(): string | null | undefined;
  function next(asLeaf: true): Buffer | null | undefined;
  function next(asLeaf?: true): string | Buffer | null | undefined {
    if (offset >= buffer.length) return undefined;
    if (buffer[offset] === dash) {
      offset += 1;
      return null;
    }
    let length = 0;
    let digits = 0;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === colon && digits > 0) break;
      if (byte === undefined || byte < zero || byte > nine || digits > 9) return undefined;
      length = length * 10 + (byte - zero);
      digits += 1;
    }
    const end = offset + length;
    if (end > buffer.length) return undefined;
    const start = offset;
    offset = end;
    if (asLeaf) {
      buffer[start - 1] = 0x00;
      return buffer.subarray(start - 1, end);
    }
    return buffer.toString('utf8', start, end);
  }
  for (let index = 0; index < count; index += 1) {
    const seq = next();
    const time = next();
    const tag = next();
    const ref = next();
    const keyId = next();
    const payload = next(true);
    const leaf = next();
    const chain = next();
    const pruned = next();
    const purposeId = next();
    if (seq !== String(firstSeq + index) || typeof time !== 'string' || typeof leaf !== 'string')
      return undefined;
    if (typeof chain !== 'string' || tag === undefined || ref === undefined || keyId === undefined)
      return undefined;
    if (payload === undefined || pruned === undefined || purposeId === undefined) return undefined;
    if (withPrevious && index === 0) {
      previousChain = chain;
      continue;
    }
    run.payloads.push(payload);
    run.leafHashes.push(leaf);
    run.chainHashes.push(chain);
    run.times.push(time);
    run.subjectTags.push(tag === null ? null : Number(tag));
    run.subjectRefs.push(ref);
    run.subjectKeyIds.push(keyId);
    run.prunedAt.push(pruned);
    run.purposeIds.push(purposeId);
  }
  return offset === buffer.length ? { ...run, previousChain } : undefined;
}

const dash = 0x2d;
const colon = 0x3a;
const zero = 0x30;
const nine = 0x39;

/** The widest perfect subtree that starts at `position` (aligned to its width) and ends by `end`. */
function tileWidth(position: number, end: number): number {
  let width = 1;
  while (position % (width * 2) === 0 && position + width * 2 <= end) width *= 2;
  return width;
}

function tryDecode(text: string): Buffer | undefined {
  try {
    return decodeHash(text);
  } catch {
    return undefined;
  }
}

/**
 * The lookup columns beside the payload (the subject's tag and reference, the time, the purpose) must say what
 * the payload says, or an extract would miss (or wrongly include) the record, or pruning would keep or remove it
 * under the wrong retention class. Checked on the canonical text, which is far cheaper than parsing it: RFC 8785
 * sorts the members, so seq, subject and time are adjacent, and since subject is null or an object (never a
 * scalar, which is all `details` may hold), `"seq":N,"subject":S,"time":T,` can only be the top-level members;
 * likewise `,"purpose":{"id":` (inside a JSON string every quote is escaped, and details hold no objects).
 */
export function columnsMatchPayload(
  payload: string | Buffer,
  seq: number,
  time: string,
  tag: number | null,
  ref: string | null,
  keyId: string | null,
  purposeId: string | null,
): boolean {
  if (ref === null ? tag !== null : !safeText.test(ref) || tag !== subjectTag(ref)) return false;
  if (!safeText.test(time) || purposeId === null) return false;
  // Both checked to need no escaping, so they are written as they are: cheaper than JSON.stringify.
  const subject = ref === null ? 'null' : `{"keyId":${JSON.stringify(keyId)},"ref":"${ref}"}`;
  return (
    payload.includes(`"seq":${seq},"subject":${subject},"time":"${time}",`) &&
    payload.includes(`,"purpose":{"id":${JSON.stringify(purposeId)},"legalBasis":`)
  );
}

/** References (base64url) and times (ISO 8601) need no escaping in JSON. */
const safeText = /^[A-Za-z0-9_:.+-]+$/;
