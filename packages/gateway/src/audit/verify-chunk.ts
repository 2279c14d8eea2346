import { hash } from 'node:crypto';
import { chainGenesis, encodeHash, hashLength } from './merkle.ts';
import { subjectTag } from './subject.ts';

/*
 * The hashing half of `audit verify`, for a run of consecutive records, written so a worker thread can do it
 * (on records it read itself, verify-range.ts, or that the main thread read and sent, `parseRun`). Pure. It
 * answers only "all in order" (with what the verifier
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
  const check = RunCheck.start(run.firstSeq, count, run.previousChain);
  if (check === undefined) return undefined;
  for (let index = 0; index < count; index += 1) {
    const fits = check.add(
      run.payloads[index] as Buffer | null,
      run.leafHashes[index] as string,
      run.chainHashes[index] as string,
      run.times[index] as string,
      run.subjectTags[index] as number | null,
      run.subjectRefs[index] as string | null,
      run.subjectKeyIds[index] as string | null,
      run.prunedAt[index] as string | null,
      run.purposeIds[index] as string | null,
    );
    if (!fits) return undefined;
  }
  return check.finish();
}

/*
 * The hashing is what verify spends its time on (three SHA-256 per record), and most of a crypto.hash call is
 * its fixed cost, not the bytes: a digest returned as a Buffer costs about twice one returned as a string. So
 * a digest is taken as text (base64url, compared with the stored text as it is; latin1, one character per
 * byte, for the Merkle nodes, which are never stored) and written into two reused input buffers.
 */
const chainInput = Buffer.alloc(2 * hashLength);
const nodeInput = Buffer.alloc(1 + 2 * hashLength, 0x01);
const genesisText = encodeHash(chainGenesis);

/** SHA-256(0x01 || left || right) of two hashes given as latin1 text, as latin1 text. */
function nodeText(left: string, right: string): string {
  nodeInput.write(left, 1, 'latin1');
  nodeInput.write(right, 1 + hashLength, 'latin1');
  // 'binary' is Node's name for latin1.
  return hash('sha256', nodeInput, 'binary');
}

/**
 * Checks a run of consecutive records one by one, as `LogVerifier.push` would, but answering only "all in
 * order so far" (`add` returns true) or not; `finish` then gives what the verifier needs to continue. Each
 * chain link is checked from the stored chain hash of the record before it. One at a time per thread: the
 * input buffers are shared.
 */
export class RunCheck {
  readonly #firstSeq: number;
  readonly #count: number;
  readonly #previousChain: string | null;
  #added = 0;
  #pruned = 0;
  #lastChain = '';
  // The current tile: an aligned perfect subtree of `#width` leaves, `#filled` of them so far, as a frontier.
  #position: number;
  #width: number;
  #filled = 0;
  readonly #frontier: string[] = [];
  readonly #subtrees: { height: number; root: Uint8Array }[] = [];

  private constructor(firstSeq: number, count: number, previousChain: string | null) {
    this.#firstSeq = firstSeq;
    this.#count = count;
    this.#previousChain = previousChain;
    this.#position = firstSeq - 1;
    this.#width = tileWidth(this.#position, this.#position + count);
    chainInput.write(previousChain ?? genesisText, 0, 'base64url');
  }

  /** Undefined when the run is empty or the chain hash it starts from is malformed. */
  static start(firstSeq: number, count: number, previousChain: string | null): RunCheck | undefined {
    if (count < 1 || !Number.isSafeInteger(firstSeq) || firstSeq < 1) return undefined;
    if (previousChain !== null && !hashText.test(previousChain)) return undefined;
    return new RunCheck(firstSeq, count, previousChain);
  }

  /**
   * The next record. `leafInput` is the payload as its leaf's input (0x00, then the payload's UTF-8 bytes, as
   * bytes or as a string starting with U+0000), or null when pruned.
   */
  add(
    leafInput: Buffer | string | null,
    leafHash: string,
    chainHash: string,
    time: string,
    tag: number | null,
    ref: string | null,
    keyId: string | null,
    prunedAt: string | null,
    purposeId: string | null,
  ): boolean {
    if (this.#added >= this.#count) return false;
    const seq = this.#firstSeq + this.#added;
    if (leafInput === null) {
      // The stored leaf hash is taken as given, but must be one (the verifier reports a malformed one).
      if (prunedAt === null || !hashText.test(leafHash)) return false;
      this.#pruned += 1;
    } else {
      if (prunedAt !== null || hash('sha256', leafInput, 'base64url') !== leafHash) return false;
      const fits =
        typeof leafInput === 'string'
          ? columnsFit(leafInput, seq, time, tag, ref, keyId, purposeId)
          : columnsMatchPayload(leafInput, seq, time, tag, ref, keyId, purposeId);
      if (!fits) return false;
    }
    // Written as base64url, the leaf text gives the same 32 bytes as `decodeHash` (it is a digest's encoding,
    // or was checked above); likewise the chain hash once it has matched.
    chainInput.write(leafHash, hashLength, 'base64url');
    if (hash('sha256', chainInput, 'base64url') !== chainHash) return false;
    let node = chainInput.toString('latin1', hashLength);
    chainInput.write(chainHash, 0, 'base64url');
    // Each trailing 1 bit of the tile's size is a perfect subtree of the same height as `node`: merge them.
    for (let size = this.#filled; size % 2 === 1; size = (size - 1) / 2) {
      node = nodeText(this.#frontier.pop() as string, node);
    }
    this.#frontier.push(node);
    this.#filled += 1;
    if (this.#filled === this.#width) {
      this.#subtrees.push({ height: Math.log2(this.#width), root: Buffer.from(node, 'latin1') });
      this.#frontier.length = 0;
      this.#filled = 0;
      this.#position += this.#width;
      const end = this.#firstSeq - 1 + this.#count;
      if (this.#position < end) this.#width = tileWidth(this.#position, end);
    }
    this.#added += 1;
    this.#lastChain = chainHash;
    return true;
  }

  /** The checked run; undefined unless every record of it was added. */
  finish(): CheckedRun | undefined {
    if (this.#added !== this.#count) return undefined;
    return {
      firstSeq: this.#firstSeq,
      count: this.#count,
      previousChain: this.#previousChain,
      lastChain: this.#lastChain,
      pruned: this.#pruned,
      subtrees: this.#subtrees,
    };
  }
}

/** What `decodeHash` accepts: exactly 32 bytes of unpadded base64url. */
const hashText = /^[A-Za-z0-9_-]{43}$/;

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

/** What both column checks first ask: a tag that fits the reference, and texts that need no escaping. */
function columnsWellFormed(
  time: string,
  tag: number | null,
  ref: string | null,
  purposeId: string | null,
): purposeId is string {
  if (ref === null ? tag !== null : !isSafeText(ref) || !tagMatches(ref, tag)) return false;
  return isSafeText(time) && purposeId !== null;
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
  if (!columnsWellFormed(time, tag, ref, purposeId)) return false;
  // Both checked to need no escaping, so they are written as they are: cheaper than JSON.stringify.
  const subject = ref === null ? 'null' : `{"keyId":${JSON.stringify(keyId)},"ref":"${ref}"}`;
  return (
    payload.includes(`"seq":${seq},"subject":${subject},"time":"${time}",`) &&
    payload.includes(`,"purpose":{"id":${JSON.stringify(purposeId)},"legalBasis":`)
  );
}

/**
 * `columnsMatchPayload` for the runs, about three times cheaper: it compares the texts piece by piece where
 * they are in a payload as record.ts writes it (seq, subject and time just before the trace id and the
 * version, which end it; the purpose before them) instead of building and searching for them. Never true
 * where `columnsMatchPayload` is false; where it is false the run goes to the record-by-record verifier,
 * which decides with `columnsMatchPayload`.
 */
export function columnsFit(
  payload: string,
  seq: number,
  time: string,
  tag: number | null,
  ref: string | null,
  keyId: string | null,
  purposeId: string | null,
): boolean {
  if (!columnsWellFormed(time, tag, ref, purposeId)) return false;
  // Where `,"time":"T",` starts: before `,"traceId":null,"v":1}` or `,"traceId":"<32 hex>","v":1}`.
  const length = payload.length;
  let timeAt: number;
  if (textAt(payload, length - endWithoutTrace.length, endWithoutTrace)) {
    timeAt = length - endWithoutTrace.length - time.length - 10;
  } else if (textAt(payload, length - 52, traceStart) && textAt(payload, length - 8, versionEnd)) {
    timeAt = length - 52 - time.length - 10;
  } else return false;
  if (!textAt(payload, timeAt, ',"time":"') || !payload.startsWith(time, timeAt + 9)) return false;
  if (payload.charCodeAt(timeAt + 9 + time.length) !== quote) return false;
  // Then `,"subject":S` before it.
  let subjectAt: number;
  if (ref === null) {
    subjectAt = timeAt - 4;
    if (!textAt(payload, subjectAt, 'null')) return false;
  } else {
    if (keyId !== lastKeyId) {
      lastKeyId = keyId;
      lastKeyText = flat(`{"keyId":${JSON.stringify(keyId)},"ref":"`);
    }
    subjectAt = timeAt - 2 - ref.length - lastKeyText.length;
    if (subjectAt < 0 || !payload.startsWith(lastKeyText, subjectAt)) return false;
    if (!payload.startsWith(ref, subjectAt + lastKeyText.length)) return false;
    if (!textAt(payload, timeAt - 2, '"}')) return false;
  }
  if (!textAt(payload, subjectAt - 11, ',"subject":')) return false;
  // Then `"seq":N` before that: N's digits read in place (what String(seq) would write: no leading zeros).
  let digits = 1;
  for (let rest = seq; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  const seqAt = subjectAt - 11 - digits - 6;
  if (!textAt(payload, seqAt, '"seq":')) return false;
  let value = 0;
  for (let index = seqAt + 6; index < subjectAt - 11; index += 1) {
    const digit = payload.charCodeAt(index) - zero;
    if (!(digit >= 0 && digit <= 9)) return false;
    value = value * 10 + digit;
  }
  if (value !== seq) return false;
  if (purposeId !== lastPurposeId) {
    lastPurposeId = purposeId;
    lastPurposeText = flat(`,"purpose":{"id":${JSON.stringify(purposeId)},"legalBasis":`);
    purposeBefore = 0;
  }
  // The purpose member (the same in every record of a purpose) ends where `,"requestId":` starts, so its start
  // is as far before that as in the record before: compared in place there, searched for only when not there.
  const requestAt = requestIdAt(payload, seqAt);
  if (purposeBefore > 0 && requestAt >= purposeBefore) {
    if (payload.startsWith(lastPurposeText, requestAt - purposeBefore)) return true;
  }
  const purposeAt = payload.lastIndexOf(lastPurposeText, seqAt);
  if (purposeAt < 0) return false;
  if (requestAt >= purposeAt + lastPurposeText.length) purposeBefore = requestAt - purposeAt;
  return true;
}

/**
 * Where `,"requestId":` starts, given where `"seq":` does: before `,"seq":` the request id is null or a string,
 * found back to its opening quote (-1 when it holds an escaped character, or the text is not so).
 */
function requestIdAt(payload: string, seqAt: number): number {
  let valueAt: number;
  if (textAt(payload, seqAt - 5, 'null')) valueAt = seqAt - 5;
  else {
    if (payload.charCodeAt(seqAt - 2) !== quote) return -1;
    valueAt = seqAt - 3;
    while (valueAt > 0 && payload.charCodeAt(valueAt) !== quote) valueAt -= 1;
    if (valueAt < 1 || payload.charCodeAt(valueAt - 1) === backslash) return -1;
  }
  return textAt(payload, valueAt - 13, ',"requestId":') ? valueAt - 13 : -1;
}

const endWithoutTrace = ',"traceId":null,"v":1}';
const traceStart = ',"traceId":"';
const versionEnd = '","v":1}';
const quote = 0x22;
const backslash = 0x5c;

// The texts made from the last key id and purpose seen: nearly every record repeats the one before.
let lastKeyId: string | null | undefined;
let lastKeyText = '';
let lastPurposeId: string | undefined;
let lastPurposeText = '';
/** How far before `,"requestId":` the purpose member started in the last record (0: not known). */
let purposeBefore = 0;

/** Whether `tag` is the reference's tag; false when the reference is not base64url (it has no tag then). */
function tagMatches(ref: string, tag: number | null): boolean {
  try {
    return tag === subjectTag(ref);
  } catch {
    return false;
  }
}

/** References (base64url) and times (ISO 8601) need no escaping in JSON: /^[A-Za-z0-9_:.+-]+$/, by hand. */
function isSafeText(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x80 || safeCodes[code] !== 1) return false;
  }
  return true;
}

const safeCodes = new Uint8Array(128);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:.+-') {
  safeCodes[character.charCodeAt(0)] = 1;
}

/**
 * A copy of `text` in one piece: a slice or a joined string refers to its parts, which makes every later
 * comparison with it several times dearer.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Whether `text` is in `payload` at `at` (false when it would start before 0 or end past the end). */
function textAt(payload: string, at: number, text: string): boolean {
  const length = text.length;
  if (at < 0 || at + length > payload.length) return false;
  for (let index = 0; index < length; index += 1) {
    if (payload.charCodeAt(at + index) !== text.charCodeAt(index)) return false;
  }
  return true;
}
