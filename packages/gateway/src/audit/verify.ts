import type { KeyObject } from 'node:crypto';
import type { LogHead } from './append-plan.ts';
import {
  checkpointDocument,
  checkpointHash,
  checkSignature,
  parseCheckpoint,
  type SignedCheckpoint,
} from './checkpoint.ts';
import type { CheckpointFile } from './checkpoint-files.ts';
import { chainGenesis, chainNext, decodeHash, encodeHash, leafHash, MerkleFrontier } from './merkle.ts';
import type { CheckpointRow, StoredRecord } from './sql.ts';
import { type CheckedRun, columnsMatchPayload } from './verify-chunk.ts';

export interface VerifyProblem {
  /** The first record the problem puts in doubt; undefined when it concerns no record (a bad file). */
  readonly seq: number | undefined;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Records read (the head's size when nothing is missing). */
  readonly records: number;
  readonly pruned: number;
  /** Checkpoints in the database whose signature and links are valid. */
  readonly checkpoints: number;
  /** Key ids that signed those checkpoints. */
  readonly signedBy: readonly string[];
  /** Exported files read; undefined when no folder was checked. */
  readonly exportedFiles: number | undefined;
  /** Database checkpoints with no exported file in the folder (not tampering: written by another instance?). */
  readonly unexported: number;
  /** The lowest sequence number in doubt. */
  readonly firstBadSeq: number | undefined;
  /** The first problems found, in the order found (at most `maxProblems`). */
  readonly problems: readonly VerifyProblem[];
}

export interface VerifierOptions {
  /** Public keys a checkpoint may be signed with, by key id. */
  readonly trusted: ReadonlyMap<string, KeyObject>;
  /** The database's instance id, which every checkpoint must name. */
  readonly origin: string;
  readonly checkpoints: readonly CheckpointRow[];
  /** Exported checkpoint files; undefined: none checked (truncation and rollback then go unseen). */
  readonly files: readonly CheckpointFile[] | undefined;
}

/** A root and chain head some signed statement vouches for at a tree size. */
interface Anchor {
  readonly root: string;
  readonly chainHead: string;
  readonly source: string;
}

export const maxProblems = 50;

/**
 * Recomputes the log from its records, in sequence order, and compares it with everything that vouches for
 * it: each record's leaf hash and chain hash, the head row, the signed checkpoints in the database and the
 * exported checkpoint files. Feed every record with `push` (seq 1, 2, ...), then call `finish`. Pure: the
 * I/O lives in `verifyAuditLog`.
 *
 * A pruned record has no payload to rehash; its stored leaf hash is taken as given, and the chain and the
 * Merkle roots, which cover that hash, still prove it unchanged.
 */
export class LogVerifier {
  readonly #options: VerifierOptions;
  readonly #anchors = new Map<number, Anchor[]>();
  readonly #problems: VerifyProblem[] = [];
  #firstBad: number | undefined;
  #frontier = new MerkleFrontier();
  #chain: Buffer = chainGenesis;
  #seq = 0;
  #pruned = 0;
  /** The largest size at which every signed statement agreed with the records. */
  #provenUpTo = 0;
  #validCheckpoints: SignedCheckpoint[] = [];
  #largestAnchor = 0;
  #exportedFiles: number | undefined;
  #unexported = 0;

  constructor(options: VerifierOptions) {
    this.#options = options;
    this.#checkDatabaseCheckpoints();
    this.#checkFiles();
  }

  push(record: StoredRecord): void {
    const seq = Number(record.seq);
    const expected = this.#seq + 1;
    if (seq !== expected) {
      this.#problem(
        expected,
        seq === expected + 1
          ? `record ${expected} is missing (deleted?)`
          : `records ${expected} to ${seq - 1} are missing (deleted?)`,
      );
      // Carry on from here so later, independent damage is still reported.
      for (let gap = expected; gap < seq; gap += 1) this.#atSize(gap);
    }
    this.#seq = seq;
    let leaf: Buffer;
    if (record.payload === null) {
      this.#pruned += 1;
      if (record.pruned_at === null)
        this.#problem(seq, `record ${seq} has lost its contents but was never pruned`);
      leaf = this.#decode(record.leaf_hash, seq, 'leaf hash');
    } else {
      leaf = leafHash(record.payload);
      if (encodeHash(leaf) !== record.leaf_hash) {
        this.#problem(seq, `record ${seq} does not match its leaf hash: it was changed after it was written`);
      } else if (
        !columnsMatchPayload(
          record.payload,
          seq,
          record.time,
          record.subject_tag === null ? null : Number(record.subject_tag),
          record.subject_ref,
          record.subject_key_id,
          record.purpose_id,
        )
      ) {
        this.#problem(
          seq,
          `record ${seq}'s columns (seq, time, subject or purpose) do not match its hashed contents`,
        );
      }
      if (record.pruned_at !== null)
        this.#problem(seq, `record ${seq} is marked pruned but still has contents`);
    }
    this.#chain = chainNext(this.#chain, leaf);
    if (encodeHash(this.#chain) !== record.chain_hash) {
      this.#problem(seq, `record ${seq}'s chain hash does not follow from the records before it`);
      // Resynchronise, so one broken link is reported once rather than at every later record.
      this.#chain = this.#decode(record.chain_hash, seq, 'chain hash');
    }
    this.#frontier.push(leaf);
    this.#atSize(seq);
  }

  /** Every tree size a signed statement vouches for, ascending: where runs checked by `checkRun` must end. */
  get anchorSizes(): readonly number[] {
    return [...this.#anchors.keys()].sort((a, b) => a - b);
  }

  /**
   * Takes a run of records `checkRun` found all in order, as if each had been pushed. Returns false, changing
   * nothing, when the run does not continue exactly where this verifier stands (the caller then pushes its
   * records one by one), or when a signed statement vouches for a size inside it.
   */
  pushChecked(run: CheckedRun): boolean {
    const last = run.firstSeq + run.count - 1;
    // After a gap the tree is short of the numbering (missing leaves are not pushed): record by record then.
    if (run.firstSeq !== this.#seq + 1 || this.#frontier.size !== this.#seq) return false;
    const previous = run.previousChain === null ? chainGenesis : decodeHash(run.previousChain);
    if (!previous.equals(this.#chain)) return false;
    for (let size = run.firstSeq; size < last; size += 1) if (this.#anchors.has(size)) return false;
    for (const subtree of run.subtrees) this.#frontier.pushSubtree(subtree.root, subtree.height);
    this.#chain = decodeHash(run.lastChain);
    this.#seq = last;
    this.#pruned += run.pruned;
    this.#atSize(last);
    return true;
  }

  finish(head: LogHead): VerifyReport {
    const last = this.#seq;
    if (head.size > last) {
      this.#problem(
        last + 1,
        `the head says ${head.size} records but they end at ${last}: the tail was removed`,
      );
    } else if (head.size < last) {
      this.#problem(head.size + 1, `records go on to ${last} but the head says ${head.size}`);
    } else {
      if (!head.chainHead.equals(this.#chain) || !head.frontier.root().equals(this.#frontier.root())) {
        this.#problem(last === 0 ? undefined : last, 'the head row does not match the records');
      }
    }
    const lastCheckpoint = this.#validCheckpoints.at(-1);
    if (
      head.checkpointSize !== (lastCheckpoint?.treeSize ?? 0) ||
      head.checkpointHash !== (lastCheckpoint ? checkpointHash(lastCheckpoint) : null)
    ) {
      this.#problem(
        Math.min(head.checkpointSize, lastCheckpoint?.treeSize ?? 0) + 1,
        'the head row and the last checkpoint in the database disagree (checkpoints removed?)',
      );
    }
    if (this.#largestAnchor > last) {
      this.#problem(
        last + 1,
        `a signed checkpoint vouches for ${this.#largestAnchor} records but the log ends at ${last}: records ${last + 1} to ${this.#largestAnchor} are missing (truncated, or restored from an older copy)`,
      );
    }
    return {
      ok: this.#problems.length === 0,
      records: last,
      pruned: this.#pruned,
      checkpoints: this.#validCheckpoints.length,
      signedBy: [...new Set(this.#validCheckpoints.map((checkpoint) => checkpoint.keyId))],
      exportedFiles: this.#exportedFiles,
      unexported: this.#unexported,
      firstBadSeq: this.#firstBad,
      problems: this.#problems,
    };
  }

  #atSize(size: number): void {
    const anchors = this.#anchors.get(size);
    if (!anchors) return;
    const root = encodeHash(this.#frontier.root());
    const chainHead = encodeHash(this.#chain);
    const disagreeing = anchors.filter((anchor) => anchor.root !== root || anchor.chainHead !== chainHead);
    if (disagreeing.length === 0) {
      if (this.#firstBad === undefined) this.#provenUpTo = size;
      return;
    }
    const from = this.#provenUpTo + 1;
    // A damaged record already found in this range explains the mismatch and is the more precise answer.
    const seq = this.#firstBad !== undefined && this.#firstBad >= from ? this.#firstBad : from;
    this.#problem(
      seq,
      `records ${from} to ${size} do not match the ${disagreeing.map((anchor) => anchor.source).join(' and the ')} at tree size ${size}: some of them were changed or replaced`,
    );
  }

  #checkDatabaseCheckpoints(): void {
    let previous: SignedCheckpoint | undefined;
    for (const row of this.#options.checkpoints) {
      const from = (previous?.treeSize ?? 0) + 1;
      let checkpoint: SignedCheckpoint;
      try {
        checkpoint = parseCheckpoint(row.document);
      } catch (error) {
        this.#problem(from, `the checkpoint at tree size ${row.treeSize} cannot be read: ${message(error)}`);
        continue;
      }
      const failure = this.#checkpointFailure(checkpoint);
      if (failure !== undefined) {
        this.#problem(from, `the checkpoint at tree size ${row.treeSize} ${failure}`);
        continue;
      }
      if (checkpoint.treeSize !== row.treeSize || checkpointHash(checkpoint) !== row.hash) {
        this.#problem(from, `the checkpoint at tree size ${row.treeSize} does not match its own row`);
        continue;
      }
      const expectedPrevious = previous ? checkpointHash(previous) : null;
      if (checkpoint.previous !== expectedPrevious) {
        this.#problem(
          from,
          `the checkpoint at tree size ${row.treeSize} does not link to the one before it (checkpoints removed or replaced?)`,
        );
      }
      this.#addAnchor(checkpoint, 'signed checkpoint in the database');
      this.#validCheckpoints.push(checkpoint);
      previous = checkpoint;
    }
  }

  #checkFiles(): void {
    const { files } = this.#options;
    if (files === undefined) return;
    this.#exportedFiles = files.length;
    const database = new Map(this.#validCheckpoints.map((checkpoint) => [checkpoint.treeSize, checkpoint]));
    const exported = new Set<number>();
    for (const file of files) {
      if (file.checkpoint === undefined) {
        this.#problem(
          undefined,
          `exported checkpoint ${file.file} is not a valid checkpoint: ${file.error ?? 'unreadable'}`,
        );
        continue;
      }
      const checkpoint = file.checkpoint;
      exported.add(checkpoint.treeSize);
      const failure = this.#checkpointFailure(checkpoint);
      if (failure !== undefined) {
        this.#problem(undefined, `exported checkpoint ${file.file} ${failure}`);
        continue;
      }
      this.#addAnchor(checkpoint, `exported checkpoint ${file.file}`);
      const stored = database.get(checkpoint.treeSize);
      if (stored !== undefined && checkpointDocument(stored) !== checkpointDocument(checkpoint)) {
        // Same size, another statement: re-signed or replaced. The records decide which one they match.
        this.#problem(
          undefined,
          `the database's checkpoint at tree size ${checkpoint.treeSize} differs from exported ${file.file}`,
        );
      }
    }
    for (const size of database.keys()) if (!exported.has(size)) this.#unexported += 1;
  }

  #checkpointFailure(checkpoint: SignedCheckpoint): string | undefined {
    if (checkpoint.origin !== this.#options.origin) return 'belongs to another database (its origin differs)';
    switch (checkSignature(checkpoint, this.#options.trusted)) {
      case 'unknown-key':
        return `is signed with key "${checkpoint.keyId}", which is not a trusted checkpoint key`;
      case 'invalid':
        return 'has an invalid signature';
      default:
        return undefined;
    }
  }

  #addAnchor(checkpoint: SignedCheckpoint, source: string): void {
    const anchors = this.#anchors.get(checkpoint.treeSize) ?? [];
    anchors.push({ root: checkpoint.root, chainHead: checkpoint.chainHead, source });
    this.#anchors.set(checkpoint.treeSize, anchors);
    this.#largestAnchor = Math.max(this.#largestAnchor, checkpoint.treeSize);
  }

  #decode(text: string, seq: number, what: string): Buffer {
    try {
      return decodeHash(text);
    } catch {
      this.#problem(seq, `record ${seq}'s ${what} is malformed`);
      return Buffer.alloc(32);
    }
  }

  #problem(seq: number | undefined, text: string): void {
    if (seq !== undefined && (this.#firstBad === undefined || seq < this.#firstBad)) this.#firstBad = seq;
    if (this.#problems.length < maxProblems) this.#problems.push({ seq, message: text });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : 'unreadable';
}
