import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type CheckedRun, RunCheck } from './verify-chunk.ts';

/*
 * The SQLite half of `audit verify` on worker threads: each thread reads its own runs of records through its own
 * read-only connection (WAL lets readers run beside each other and beside the writer) and checks them, so the
 * reading, about as costly as the hashing, is spread over the cores too and the main thread only joins
 * the results. Rows come back as arrays, in the order of the columns below: cheaper than an object per row.
 */

// The leaf's input straight from SQLite: U+0000 then the payload (NULL when pruned), so no copy is made here.
const rangeSql = `SELECT time, subject_tag, subject_ref, subject_key_id, char(0) || payload, leaf_hash, chain_hash,
    pruned_at, purpose_id FROM brygga_audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq`;

const batchSize = 500;

export class RangeReader {
  readonly #db: DatabaseSync;
  readonly #select: StatementSync;
  readonly #chainOf: StatementSync;

  /** Opens `path` read-only; throws when it cannot be opened or is not an audit log. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
    try {
      // Pages read through a memory map rather than a read call each: a quarter of the reading cost. Only this
      // short-lived read-only connection maps the file (SQLite caps the size at its compile-time limit).
      this.#db.exec('PRAGMA mmap_size = 1099511627776');
      this.#select = this.#db.prepare(rangeSql);
      this.#select.setReturnArrays(true);
      this.#chainOf = this.#db.prepare('SELECT chain_hash FROM brygga_audit_records WHERE seq = ?');
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /**
   * Reads and checks records firstSeq to lastSeq (and the one before, whose chain hash starts the run).
   * Undefined when any of them needs the record-by-record verifier: a gap, a changed record, a column of an
   * unexpected type (the verifier reads and reports every one of these).
   */
  check(firstSeq: number, lastSeq: number): CheckedRun | undefined {
    let previousChain: string | null = null;
    if (firstSeq > 1) {
      const chain = this.#chainOf.get(firstSeq - 1)?.chain_hash;
      if (typeof chain !== 'string') return undefined;
      previousChain = chain;
    }
    const check = RunCheck.start(firstSeq, lastSeq - firstSeq + 1, previousChain);
    if (check === undefined) return undefined;
    // A batch at a time: fewer rows alive at once makes each young-generation collection cheaper.
    for (let from = firstSeq; from <= lastSeq; from += batchSize) {
      const to = Math.min(lastSeq, from + batchSize - 1);
      const rows = this.#select.all(from, to) as unknown as readonly (readonly unknown[])[];
      // seq is the primary key: as many rows as numbers in the range means every number is there, in order.
      if (rows.length !== to - from + 1) return undefined;
      for (const row of rows) {
        const time = row[0];
        const tag = row[1];
        const ref = row[2];
        const keyId = row[3];
        const leafInput = row[4];
        const leaf = row[5];
        const chain = row[6];
        const prunedAt = row[7];
        const purposeId = row[8];
        if (typeof time !== 'string' || typeof leaf !== 'string' || typeof chain !== 'string')
          return undefined;
        if (!(tag === null || typeof tag === 'number') || !textOrNull(ref) || !textOrNull(keyId))
          return undefined;
        if (!textOrNull(leafInput) || !textOrNull(prunedAt) || !textOrNull(purposeId)) return undefined;
        if (!check.add(leafInput, leaf, chain, time, tag, ref, keyId, prunedAt, purposeId)) return undefined;
      }
    }
    return check.finish();
  }

  close(): void {
    this.#db.close();
  }
}

function textOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
