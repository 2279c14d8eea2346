import { BryggaError } from '@brygga/contract';
import type { Queryable, StoreDriver } from '../storage/index.ts';
import type { LogHead, RecordRow } from './append-plan.ts';
import { decodeHash, encodeHash, MerkleFrontier } from './merkle.ts';
import { subjectTag } from './subject.ts';

/*
 * The audit log's statements, one function each, shared by the writer, the verifier, pruning and extracts.
 * Portable SQL except where the backends differ on locking.
 */

interface HeadRowShape {
  size: number;
  chain_head: string;
  frontier: string;
  checkpoint_size: number;
  checkpoint_hash: string | null;
  checkpoint_time: string | null;
}

const headColumns = 'size, chain_head, frontier, checkpoint_size, checkpoint_hash, checkpoint_time';

function corrupt(message: string): BryggaError {
  return new BryggaError('internal_error', { cause: new Error(`audit log head: ${message}`) });
}

export function headFromRow(row: HeadRowShape | undefined): LogHead {
  if (!row) throw corrupt('the head row is missing (are the migrations applied?)');
  const hashes = row.frontier === '' ? [] : row.frontier.split('.').map(decodeHash);
  return {
    size: Number(row.size),
    chainHead: decodeHash(row.chain_head),
    frontier: new MerkleFrontier(Number(row.size), hashes),
    checkpointSize: Number(row.checkpoint_size),
    checkpointHash: row.checkpoint_hash,
    checkpointTime: row.checkpoint_time,
  };
}

/**
 * Reads the head and holds it until the transaction ends. On PostgreSQL `FOR UPDATE` makes every other
 * writer (another gateway instance included) wait here, so sequence numbers and the chain continue from
 * exactly one predecessor. SQLite's BEGIN IMMEDIATE already made this transaction the only writer.
 */
export async function lockHead(tx: Queryable, driver: StoreDriver): Promise<LogHead> {
  const lock = driver === 'postgres' ? ' FOR UPDATE' : '';
  const [row] = await tx.query<HeadRowShape & Record<string, unknown>>(
    `SELECT ${headColumns} FROM brygga_audit_head WHERE singleton = 1${lock}`,
  );
  return headFromRow(row);
}

export async function readHead(db: Queryable): Promise<LogHead> {
  const [row] = await db.query<HeadRowShape & Record<string, unknown>>(
    `SELECT ${headColumns} FROM brygga_audit_head WHERE singleton = 1`,
  );
  return headFromRow(row);
}

export async function writeHead(tx: Queryable, head: LogHead): Promise<void> {
  await tx.execute(
    `UPDATE brygga_audit_head SET size = $1, chain_head = $2, frontier = $3, checkpoint_size = $4,
       checkpoint_hash = $5, checkpoint_time = $6 WHERE singleton = 1`,
    [
      head.size,
      encodeHash(head.chainHead),
      head.frontier.hashes.map(encodeHash).join('.'),
      head.checkpointSize,
      head.checkpointHash,
      head.checkpointTime,
    ],
  );
}

const recordColumns = 9;
/**
 * Rows per INSERT, by backend: few distinct statements to cache, far below both parameter limits. PostgreSQL
 * pays a round trip per statement, so larger ones; on SQLite each statement is a synchronous call whose binding
 * work grows with its width, and 8 rows measured cheaper per record than 32 (and 256 far dearer).
 */
const chunkSizes = { sqlite: [8, 1], postgres: [32, 8, 1] } as const;
const insertSql = new Map<number, string>();

function insertStatement(rows: number): string {
  let sql = insertSql.get(rows);
  if (sql === undefined) {
    const tuples = Array.from({ length: rows }, (_, row) => {
      const base = row * recordColumns;
      return `(${Array.from({ length: recordColumns }, (_, column) => `$${base + column + 1}`).join(', ')})`;
    });
    sql = `INSERT INTO brygga_audit_records (seq, time, subject_tag, subject_ref, subject_key_id, purpose_id, payload, leaf_hash, chain_hash) VALUES ${tuples.join(', ')}`;
    insertSql.set(rows, sql);
  }
  return sql;
}

export async function insertRecords(
  tx: Queryable,
  driver: StoreDriver,
  rows: readonly RecordRow[],
): Promise<void> {
  let offset = 0;
  while (offset < rows.length) {
    const remaining = rows.length - offset;
    const size = chunkSizes[driver].find((candidate) => candidate <= remaining) ?? 1;
    const params: Array<string | number | null> = [];
    for (let index = offset; index < offset + size; index += 1) {
      const row = rows[index] as RecordRow;
      params.push(
        row.seq,
        row.time,
        row.subjectTag,
        row.subjectRef,
        row.subjectKeyId,
        row.purposeId,
        row.payload,
        row.leafHash,
        row.chainHash,
      );
    }
    await tx.execute(insertStatement(size), params);
    offset += size;
  }
}

export async function insertCheckpoint(
  tx: Queryable,
  treeSize: number,
  document: string,
  hash: string,
): Promise<void> {
  await tx.execute('INSERT INTO brygga_audit_checkpoints (tree_size, document, hash) VALUES ($1, $2, $3)', [
    treeSize,
    document,
    hash,
  ]);
}

export interface CheckpointRow {
  readonly treeSize: number;
  readonly document: string;
  readonly hash: string;
}

export async function readCheckpoints(db: Queryable, afterSize = 0): Promise<CheckpointRow[]> {
  const rows = await db.query<{ tree_size: number; document: string; hash: string }>(
    'SELECT tree_size, document, hash FROM brygga_audit_checkpoints WHERE tree_size > $1 ORDER BY tree_size',
    [afterSize],
  );
  return rows.map((row) => ({ treeSize: Number(row.tree_size), document: row.document, hash: row.hash }));
}

/** A stored record as the verifier and extracts read it. */
export interface StoredRecord {
  readonly seq: number;
  readonly time: string;
  readonly subject_tag: number | null;
  readonly subject_ref: string | null;
  readonly subject_key_id: string | null;
  readonly payload: string | null;
  readonly leaf_hash: string;
  readonly chain_hash: string;
  readonly pruned_at: string | null;
  /** What pruning selects records by: checked against the payload like the lookup columns. */
  readonly purpose_id: string | null;
}

const storedColumns =
  'seq, time, subject_tag, subject_ref, subject_key_id, payload, leaf_hash, chain_hash, pruned_at, purpose_id';

/** One page of records in sequence order, after `afterSeq` and up to `lastSeq` (keyset paging). */
export async function readRecordPage(
  db: Queryable,
  afterSeq: number,
  lastSeq: number,
  limit: number,
): Promise<StoredRecord[]> {
  return db.query<StoredRecord & Record<string, unknown>>(
    `SELECT ${storedColumns} FROM brygga_audit_records WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
    [afterSeq, lastSeq, limit],
  );
}

/** Each stored column of a record as `<length in bytes>:<text>`, or `-` for NULL: one record of a run. */
function runFields(driver: StoreDriver): string {
  const field =
    driver === 'postgres'
      ? (column: string) => `coalesce(octet_length(${column}::text)::text || ':' || ${column}::text, '-')`
      : (column: string) =>
          `coalesce(length(CAST(CAST(${column} AS TEXT) AS BLOB)) || ':' || ${column}, '-')`;
  return storedColumns
    .split(', ')
    .map((column) => field(column))
    .join(' || ');
}

const runSql = {
  // No ORDER BY inside group_concat: it sorts, doubling the cost, while the range scan of the primary key
  // already goes in seq order. The parser checks the order and falls back to the ordered read if it differs.
  sqlite: `SELECT count(*) AS n, CAST(group_concat(${runFields('sqlite')}, '') AS BLOB) AS run
      FROM brygga_audit_records WHERE seq > $1 AND seq <= $2`,
  postgres: `SELECT count(*) AS n, string_agg(convert_to(${runFields('postgres')}, 'UTF8'), ''::bytea ORDER BY seq) AS run
      FROM brygga_audit_records WHERE seq > $1 AND seq <= $2`,
} as const;

/**
 * The records after `afterSeq` up to `lastSeq` as one block of bytes, each column length-prefixed in the
 * order of `storedColumns` (parsed by `parseRun` in verify-chunk.ts): for the verifier, which then hands a
 * whole run to a thread in one piece instead of building an object per record. Lengths are in bytes, so the
 * parse is exact whatever the columns hold.
 */
export async function readRecordRun(
  db: Queryable,
  driver: StoreDriver,
  afterSeq: number,
  lastSeq: number,
): Promise<{ count: number; bytes: Uint8Array | null }> {
  const [row] = await db.query<{ n: number; run: Uint8Array | null }>(runSql[driver], [afterSeq, lastSeq]);
  return { count: Number(row?.n ?? 0), bytes: row?.run ?? null };
}

/**
 * Records per bucket of the subject index, as a shift: the index is on `(seq >> 12, subject_tag)` (migration 6),
 * so appends only touch the newest bucket's pages. The shift is written out in the SQL, not bound, because an
 * expression index is only used for the very expression it was made with.
 */
export const subjectBucketShift = 12;

/*
 * One index seek per bucket, from the first to the newest (found from the largest seq inside the statement, so
 * it sees one snapshot). The cost grows with the log: at a million records about 250 seeks, near a millisecond
 * in all. CROSS JOIN keeps SQLite's loop over the buckets outside, so each bucket is a seek on (bucket, tag);
 * PostgreSQL plans it as a nested loop of index scans.
 */
const subjectRecordsSql = (placeholders: string) => `WITH RECURSIVE bucket(n) AS (
    SELECT 0 UNION ALL SELECT n + 1 FROM bucket
     WHERE n < ((SELECT coalesce(max(seq), 0) FROM brygga_audit_records) >> ${subjectBucketShift})
  )
  SELECT ${storedColumns} FROM bucket CROSS JOIN brygga_audit_records
   WHERE (seq >> ${subjectBucketShift}) = bucket.n AND subject_tag IN (${placeholders}) ORDER BY seq`;

/**
 * Every record made under any of these references (one person under each key id), in sequence order: found
 * by tag through the index, then kept only where the full reference and its key id match.
 */
export async function readSubjectRecords(
  db: Queryable,
  references: readonly { keyId: string; ref: string }[],
): Promise<StoredRecord[]> {
  if (references.length === 0) return [];
  const tags = [...new Set(references.map((reference) => subjectTag(reference.ref)))];
  const placeholders = tags.map((_, index) => `$${index + 1}`).join(', ');
  const rows = await db.query<StoredRecord & Record<string, unknown>>(subjectRecordsSql(placeholders), tags);
  // A reference is only this person's under the key that made it.
  const wanted = new Set(references.map((reference) => `${reference.keyId}\u0000${reference.ref}`));
  return rows.filter((row) => wanted.has(`${row.subject_key_id}\u0000${row.subject_ref}`));
}

/**
 * Prunes the records of these purposes made before `before`: the payload and purpose go, the time keeps its
 * date only; leaf and chain hashes stay so the log still verifies. Returns how many rows were pruned.
 */
export async function pruneRecords(
  tx: Queryable,
  purposeIds: readonly string[],
  before: string,
  prunedAt: string,
  retentionClass: string,
): Promise<number> {
  if (purposeIds.length === 0) return 0;
  const placeholders = purposeIds.map((_, index) => `$${index + 4}`).join(', ');
  const result = await tx.execute(
    `UPDATE brygga_audit_records
        SET payload = NULL, purpose_id = NULL, time = substr(time, 1, 10), pruned_at = $1, pruned_under = $2
      WHERE pruned_at IS NULL AND time < $3 AND purpose_id IN (${placeholders})`,
    [prunedAt, retentionClass, before, ...purposeIds],
  );
  return result.rowCount;
}
