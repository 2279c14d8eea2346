// The outbox table's statements (migration 5). Portable SQL except where claiming differs: PostgreSQL skips rows
// another instance has locked; SQLite runs one writer at a time, so a plain UPDATE … RETURNING is atomic.
import type { Language } from '@brygga/contract';
import type { Queryable, Row, Store, StoreDriver } from '../storage/index.ts';
import type { NextStep, OutboxState, ReceiptRow } from './plan.ts';

/** What is stored when a call is accepted. */
export interface NewOutboxRow {
  readonly receiptId: string;
  readonly eServiceId: string;
  readonly idempotencyKey: string | undefined;
  readonly contract: string;
  readonly version: string;
  readonly operation: string;
  readonly businessSystem: string;
  readonly purpose: string;
  readonly language: Language;
  /** The head request, as JSON, sealed (seal.ts). */
  readonly request: string;
  /** The personnummer the delivery acts for, when the operation acts for a citizen, sealed (seal.ts). */
  readonly citizen: string | undefined;
  /** Keyed fingerprint of the accepted request (seal.ts `fingerprint`), kept when the request is emptied. */
  readonly requestDigest: string;
  /** Keyed fingerprint of the citizen the call acts for, kept when the sealed citizen is emptied. */
  readonly citizenRef: string | undefined;
  readonly now: number;
  readonly requestId: string;
  readonly traceId: string;
}

/** A leased row, with what delivering it needs. */
export interface ClaimedRow extends ReceiptRow {
  readonly eServiceId: string;
  readonly idempotencyKey: string | null;
  readonly businessSystem: string;
  readonly purpose: string;
  /** Sealed, as stored; null once the row is final. */
  readonly request: string | null;
  /** Sealed, as stored; null once the row is final or when the call acted for no one. */
  readonly citizen: string | null;
  readonly requestId: string;
  readonly traceId: string;
  /** Null in rows accepted before migration 7. */
  readonly requestDigest: string | null;
  /** Null when the call acted for no one (and in rows accepted before migration 7). */
  readonly citizenRef: string | null;
}

export interface ListedRow extends ReceiptRow {
  readonly eServiceId: string;
}

const columns = `receipt_id, e_service, idempotency_key, contract, version, operation, business_system, purpose,
  language, request, citizen, state, attempts, next_attempt_at, lease_owner, lease_until, last_error, result,
  problem_code, problem_title, created_at, budget_from, updated_at, delivered_at, request_id, trace_id,
  request_digest, citizen_ref`;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null ? null : Number(value));
const strOrNull = (value: unknown): string | null => (value === null ? null : String(value));

function fromRow(row: Row): ClaimedRow {
  return {
    receiptId: String(row.receipt_id),
    eServiceId: String(row.e_service),
    idempotencyKey: strOrNull(row.idempotency_key),
    contract: String(row.contract),
    version: String(row.version),
    operation: String(row.operation),
    businessSystem: String(row.business_system),
    purpose: String(row.purpose),
    language: row.language === 'en' ? 'en' : 'sv',
    request: strOrNull(row.request),
    citizen: strOrNull(row.citizen),
    state: String(row.state) as OutboxState,
    attempts: num(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    lastError: strOrNull(row.last_error),
    result: strOrNull(row.result),
    problemCode: strOrNull(row.problem_code),
    problemTitle: strOrNull(row.problem_title),
    createdAt: num(row.created_at),
    budgetFrom: num(row.budget_from),
    updatedAt: num(row.updated_at),
    deliveredAt: numOrNull(row.delivered_at),
    requestId: String(row.request_id),
    traceId: String(row.trace_id),
    requestDigest: strOrNull(row.request_digest),
    citizenRef: strOrNull(row.citizen_ref),
  };
}

/**
 * Inserts an accepted call, unless the e-service already sent this idempotency key: then nothing is written and
 * the earlier row is returned (`created: false`). Run it in the acceptance transaction.
 */
export async function insertOrFind(
  tx: Queryable,
  row: NewOutboxRow,
): Promise<{ created: boolean; row: ClaimedRow }> {
  const inserted = await tx.query(
    `INSERT INTO brygga_outbox (${columns})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', 0, $12, NULL, NULL, NULL, NULL, NULL, NULL,
       $12, $12, $12, NULL, $13, $14, $15, $16)
     ON CONFLICT (e_service, idempotency_key) DO NOTHING
     RETURNING ${columns}`,
    [
      row.receiptId,
      row.eServiceId,
      row.idempotencyKey ?? null,
      row.contract,
      row.version,
      row.operation,
      row.businessSystem,
      row.purpose,
      row.language,
      row.request,
      row.citizen ?? null,
      row.now,
      row.requestId,
      row.traceId,
      row.requestDigest,
      row.citizenRef ?? null,
    ],
  );
  if (inserted[0]) return { created: true, row: fromRow(inserted[0]) };
  const existing = await findByKey(tx, row.eServiceId, row.idempotencyKey ?? '');
  if (!existing) throw new Error('outbox insert conflicted but no row holds the key');
  return { created: false, row: existing };
}

export async function findByKey(
  db: Queryable,
  eServiceId: string,
  idempotencyKey: string,
): Promise<ClaimedRow | undefined> {
  const rows = await db.query(
    `SELECT ${columns} FROM brygga_outbox WHERE e_service = $1 AND idempotency_key = $2`,
    [eServiceId, idempotencyKey],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function findReceipt(db: Queryable, receiptId: string): Promise<ClaimedRow | undefined> {
  const rows = await db.query(`SELECT ${columns} FROM brygga_outbox WHERE receipt_id = $1`, [receiptId]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * Leases up to `limit` due rows to `owner` until `leaseUntil`, counting the attempt: rows pending and due, and rows
 * whose lease ran out (an instance that crashed or hung while delivering them).
 */
export async function claimDue(
  store: Store,
  options: { owner: string; now: number; leaseUntil: number; limit: number },
): Promise<ClaimedRow[]> {
  const lock = lockClause(store.driver);
  // A read first: most polls find nothing, and on SQLite an UPDATE takes the write lock even when it changes no
  // row, which would make the poll queue behind the audit writer's commit on every tick.
  const due = await store.query(
    `SELECT 1 AS due FROM brygga_outbox
     WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'delivering' AND lease_until <= $1)
     LIMIT 1`,
    [options.now],
  );
  if (due.length === 0) return [];
  const rows = await store.transaction((tx) =>
    tx.query(
      `UPDATE brygga_outbox
       SET state = 'delivering', lease_owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
       WHERE receipt_id IN (
         SELECT receipt_id FROM brygga_outbox
         WHERE (state = 'pending' AND next_attempt_at <= $3) OR (state = 'delivering' AND lease_until <= $3)
         ORDER BY next_attempt_at
         LIMIT $4${lock}
       )
       RETURNING ${columns}`,
      [options.owner, options.leaseUntil, options.now, options.limit],
    ),
  );
  return rows.map(fromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
}

function lockClause(driver: StoreDriver): string {
  return driver === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
}

/**
 * Writes an attempt's result, if `owner` still holds the lease (otherwise another instance has taken the row over
 * and its answer counts). A final row loses its request and citizen: the business system has them now.
 * Returns whether the row was written.
 */
export async function finishAttempt(
  db: Queryable,
  options: {
    receiptId: string;
    owner: string;
    now: number;
    step: NextStep;
    /** The delivered result as stored (sealed); by default `step.result` as JSON. */
    result?: string | undefined;
  },
): Promise<boolean> {
  const { step, now } = options;
  const final = step.state === 'delivered' || step.state === 'failed';
  const { rowCount } = await db.execute(
    `UPDATE brygga_outbox
     SET state = $3, next_attempt_at = $4, last_error = $5, result = $6, problem_code = $7, problem_title = $8,
       delivered_at = $9, updated_at = $10, lease_owner = NULL, lease_until = NULL,
       request = CASE WHEN $11 = 1 THEN NULL ELSE request END,
       citizen = CASE WHEN $11 = 1 THEN NULL ELSE citizen END
     WHERE receipt_id = $1 AND lease_owner = $2 AND state = 'delivering'`,
    [
      options.receiptId,
      options.owner,
      step.state,
      step.state === 'pending' ? step.nextAttemptAt : now,
      step.state === 'pending' || step.state === 'dead' ? step.lastError : null,
      step.state === 'delivered' ? (options.result ?? JSON.stringify(step.result)) : null,
      step.state === 'failed' ? step.problemCode : null,
      step.state === 'failed' ? step.problemTitle : null,
      final ? now : null,
      now,
      final ? 1 : 0,
    ],
  );
  return rowCount === 1;
}

/** Gives leased rows back (an instance stopping before it could deliver them), without spending their attempt. */
export async function releaseLeases(
  db: Queryable,
  owner: string,
  receiptIds: readonly string[],
): Promise<void> {
  for (const receiptId of receiptIds) {
    await db.execute(
      `UPDATE brygga_outbox SET state = 'pending', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL
       WHERE receipt_id = $1 AND lease_owner = $2 AND state = 'delivering'`,
      [receiptId, owner],
    );
  }
}

/** Rows per open state, for the depth gauge. */
export async function countOpen(db: Queryable): Promise<Map<OutboxState, number>> {
  const rows = await db.query<{ state: string; n: unknown }>(
    `SELECT state, COUNT(*) AS n FROM brygga_outbox WHERE state IN ('pending', 'delivering', 'dead') GROUP BY state`,
  );
  return new Map(rows.map((row) => [row.state as OutboxState, Number(row.n)]));
}

/** Rows for `brygga outbox list`, oldest first; every state when `state` is undefined. */
export async function listRows(
  db: Queryable,
  options: { state?: OutboxState | undefined; limit: number },
): Promise<ListedRow[]> {
  const rows =
    options.state === undefined
      ? await db.query(`SELECT ${columns} FROM brygga_outbox ORDER BY created_at, receipt_id LIMIT $1`, [
          options.limit,
        ])
      : await db.query(
          `SELECT ${columns} FROM brygga_outbox WHERE state = $1 ORDER BY created_at, receipt_id LIMIT $2`,
          [options.state, options.limit],
        );
  return rows.map(fromRow);
}

/**
 * Moves dead rows back to pending, due now, with a fresh budget (attempts and age). Returns the ids moved; ids that
 * are not dead are left alone.
 */
export async function reviveDead(
  db: Queryable,
  options: { receiptIds: readonly string[] | 'all'; now: number },
): Promise<string[]> {
  const set = `SET state = 'pending', attempts = 0, next_attempt_at = $1, budget_from = $1, updated_at = $1,
    last_error = NULL`;
  if (options.receiptIds === 'all') {
    const rows = await db.query<{ receipt_id: string }>(
      `UPDATE brygga_outbox ${set} WHERE state = 'dead' RETURNING receipt_id`,
      [options.now],
    );
    return rows.map((row) => row.receipt_id).sort();
  }
  const moved: string[] = [];
  for (const receiptId of options.receiptIds) {
    const rows = await db.query<{ receipt_id: string }>(
      `UPDATE brygga_outbox ${set} WHERE state = 'dead' AND receipt_id = $2 RETURNING receipt_id`,
      [options.now, receiptId],
    );
    if (rows[0]) moved.push(rows[0].receipt_id);
  }
  return moved;
}

/**
 * Deletes up to `limit` delivered or failed rows that became final before `before` (epoch ms); returns how many.
 * A final row's `next_attempt_at` is the moment it became final (finishAttempt), so the due index finds them.
 */
export async function deleteExpiredReceipts(
  db: Queryable,
  options: { before: number; limit: number },
): Promise<number> {
  const { rowCount } = await db.execute(
    `DELETE FROM brygga_outbox WHERE receipt_id IN (
       SELECT receipt_id FROM brygga_outbox
       WHERE state IN ('delivered', 'failed') AND next_attempt_at < $1
       LIMIT $2
     )`,
    [options.before, options.limit],
  );
  return rowCount;
}

/**
 * Deletes dead rows an operator gave up on, with what they held; returns the rows as they were (still sealed), so
 * the caller can record the discard. Ids that are not dead are left alone.
 */
export async function discardDead(db: Queryable, receiptIds: readonly string[]): Promise<ClaimedRow[]> {
  const discarded: ClaimedRow[] = [];
  for (const receiptId of receiptIds) {
    const rows = await db.query(
      `DELETE FROM brygga_outbox WHERE state = 'dead' AND receipt_id = $1 RETURNING ${columns}`,
      [receiptId],
    );
    if (rows[0]) discarded.push(fromRow(rows[0]));
  }
  return discarded;
}
