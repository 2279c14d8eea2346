import type { BryggaError } from '@brygga/contract';

/**
 * A query parameter. Portable SQL numbers its placeholders PostgreSQL-style: `$1, $2`, repeats allowed.
 *
 * Parameters: `boolean` is sent as 1/0 (PostgreSQL `boolean` and integer columns and SQLite all accept it);
 * an integral `number` is bound as an integer; `bigint` must fit in 64 bits; `NaN` is refused.
 */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/**
 * A result row: an ordinary object, one property per column. The same JS types on both backends:
 * - integers (SQLite INTEGER; PostgreSQL smallint, integer, bigint): `number`, or `bigint` beyond ±(2^53 − 1);
 * - floating point (REAL; real, double precision): `number`;
 * - booleans: `number` 1/0 (SQLite has no boolean type, so PostgreSQL `boolean` is read as 1/0 too);
 * - bytes (BLOB; bytea): a plain `Uint8Array` (not a Buffer);
 * - text, and every other PostgreSQL type (numeric, uuid, json, timestamps, arrays): the `string` the database
 *   prints, never a Date or a parsed object. Store times as ISO 8601 text to keep them portable;
 * - NULL: `null`.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /**
   * Runs one statement. `rowCount` is the number of rows inserted, updated or deleted (for a statement that
   * returns rows, such as SELECT or `RETURNING`, the number returned); 0 for anything else (DDL).
   */
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ rowCount: number }>;
  /**
   * Runs several statements without parameters (schema migrations). Atomic only inside a transaction:
   * outside one, SQLite commits statement by statement.
   */
  executeScript(sql: string): Promise<void>;
}

export type StoreDriver = 'sqlite' | 'postgres';

export interface Store extends Queryable {
  readonly driver: StoreDriver;
  /** SQLite: how long a statement waits for a write lock another connection holds before it fails. */
  readonly busyTimeoutMs?: number;
  /**
   * Runs `work` in a transaction: commit when it resolves, rollback when it throws (the error is passed on
   * unchanged). A failed statement aborts the transaction on both backends (as PostgreSQL does), so the
   * transaction then rejects with that statement's error even if `work` caught it.
   *
   * Use only `tx` inside `work`: calling the store itself from inside rejects at once, as it would deadlock
   * on SQLite. Isolation: SQLite runs one transaction at a time; PostgreSQL uses READ COMMITTED, so update
   * rows atomically (`SET n = n + 1`, `ON CONFLICT`) or lock them before reading (`UPDATE` first,
   * `SELECT ... FOR UPDATE`, `pg_advisory_xact_lock`).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** For /health/ready: resolves when the database answers, rejects (`service_unavailable`) when not. */
  ping(): Promise<void>;
  /** Idempotent. Lets running and queued work finish; later calls reject with `shutting_down`. */
  close(): Promise<void>;
}

export interface SqliteStoreOptions {
  readonly driver: 'sqlite';
  /** A file path (its directory is created) or ':memory:' for tests. */
  readonly path: string;
  /** How long another process may hold the write lock before a statement fails. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

export interface PostgresStoreOptions {
  readonly driver: 'postgres';
  readonly connectionString: string;
  /** Pool size. Default 10. */
  readonly poolMax?: number;
  /** Server-side `statement_timeout`. Default 30000 ms. */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection (new or from the pool). Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Called for errors that belong to no caller, such as an idle pooled connection dropped by the server.
   * They never crash the process; pass a logger here to see them.
   */
  readonly onBackgroundError?: (error: BryggaError) => void;
}

export type StoreOptions = SqliteStoreOptions | PostgresStoreOptions;
