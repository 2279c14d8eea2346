import { BryggaError, type ErrorCode } from '@brygga/contract';

/**
 * Driver failures are translated here, once, into `BryggaError` codes, so callers never see driver-specific
 * errors. The original driver error is NOT kept as `cause`: PostgreSQL puts row values into `detail`
 * ("Key (email)=(...) already exists") and into some messages ("invalid input syntax for type integer: ..."),
 * and a cause ends up in logs. The cause is a `StorageDriverError` holding only what is safe to log.
 */
export class StorageDriverError extends Error {
  readonly driver: 'sqlite' | 'postgres';
  /** SQLSTATE for PostgreSQL, the extended result code for SQLite, or a Node error code (`ECONNREFUSED`). */
  readonly code: string;
  readonly constraint: string | undefined;
  readonly table: string | undefined;

  constructor(
    driver: 'sqlite' | 'postgres',
    code: string,
    message: string,
    details: { constraint?: string | undefined; table?: string | undefined } = {},
  ) {
    super(message);
    this.name = 'StorageDriverError';
    this.driver = driver;
    this.code = code;
    this.constraint = details.constraint;
    this.table = details.table;
  }
}

/** A mistake in how the storage layer is called (a bug in our code, not bad input): always `internal_error`. */
export function storageUsageError(message: string): BryggaError {
  return new BryggaError('internal_error', { cause: new Error(message) });
}

/** Work arriving after `close()` gets the same answer a draining gateway gives. */
export function storeClosedError(): BryggaError {
  return new BryggaError('shutting_down', { cause: new Error('the store is closed') });
}

/** The database cannot be reached or opened (a missing directory, a file system without WAL support). */
export function storageUnavailableError(
  driver: 'sqlite' | 'postgres',
  code: string,
  message: string,
): BryggaError {
  return wrap('service_unavailable', new StorageDriverError(driver, code, message));
}

function wrap(code: ErrorCode, cause: StorageDriverError): BryggaError {
  // Busy, locked or unreachable databases are usually transient: tell clients when to try again.
  const headers = code === 'service_unavailable' ? { 'Retry-After': '1' } : undefined;
  return new BryggaError(code, headers ? { cause, headers } : { cause });
}

interface SqliteErrorShape {
  code?: unknown;
  errcode?: unknown;
  errstr?: unknown;
  message?: unknown;
}

const sqliteConstraintConflicts = new Set([
  1555, // SQLITE_CONSTRAINT_PRIMARYKEY
  2067, // SQLITE_CONSTRAINT_UNIQUE
  787, // SQLITE_CONSTRAINT_FOREIGNKEY
]);
const sqliteUnavailable = new Set([
  5, // SQLITE_BUSY
  6, // SQLITE_LOCKED
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
]);

/**
 * SQLITE_BUSY (another connection holds the lock), by the primary result code, whether `error` is as node:sqlite
 * threw it or as `translateSqliteError` made it.
 */
export function isSqliteBusy(error: unknown): boolean {
  const raw = (error as SqliteErrorShape | null)?.errcode;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code =
    typeof raw === 'number' ? raw : cause instanceof StorageDriverError ? Number(cause.code) : Number.NaN;
  return (code & 0xff) === 5;
}

/** Translates an error thrown by node:sqlite. SQLite messages name tables and columns, never bound values. */
export function translateSqliteError(error: unknown): BryggaError {
  if (BryggaError.is(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SqliteErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : 'unknown SQLite failure';
  if (typeof shape.errcode === 'number') {
    const extended = shape.errcode;
    const cause = new StorageDriverError('sqlite', String(extended), message);
    if (sqliteConstraintConflicts.has(extended)) return wrap('conflict', cause);
    // The low byte of an extended result code is the primary code (SQLITE_BUSY_SNAPSHOT -> SQLITE_BUSY).
    if (sqliteUnavailable.has(extended & 0xff)) return wrap('service_unavailable', cause);
    return wrap('internal_error', cause);
  }
  const code = typeof shape.code === 'string' ? shape.code : 'UNKNOWN';
  return wrap('internal_error', new StorageDriverError('sqlite', code, message));
}

interface PostgresErrorShape {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  constraint?: unknown;
  table?: unknown;
}

function postgresCode(sqlstate: string): ErrorCode {
  switch (sqlstate) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation
    case '23503': // foreign_key_violation
      return 'conflict';
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available
    case '57014': // query_canceled (statement_timeout)
    case '3D000': // the database does not exist
      return 'service_unavailable';
    case '08P01': // protocol_violation: wrong parameter count and the like, our bug
      return 'internal_error';
  }
  const sqlClass = sqlstate.slice(0, 2);
  // 08 connection, 28 authorisation, 53 resources (too many connections, disk full), 57 operator shutdown.
  if (sqlClass === '08' || sqlClass === '28' || sqlClass === '53' || sqlClass === '57')
    return 'service_unavailable';
  return 'internal_error';
}

/**
 * Translates an error from `pg`. A server error (it has a SQLSTATE and a severity) is mapped by its code;
 * anything else from the driver is a connection failure (refused, reset, pool timeout, terminated).
 */
export function translatePostgresError(error: unknown): BryggaError {
  if (BryggaError.is(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as PostgresErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : 'unknown PostgreSQL failure';
  if (typeof shape.code === 'string' && /^[0-9A-Z]{5}$/.test(shape.code) && shape.severity !== undefined) {
    const sqlstate = shape.code;
    // Data exceptions (22) quote the offending value; raised exceptions (P0) carry arbitrary text.
    const safeMessage =
      sqlstate.startsWith('22') || sqlstate.startsWith('P0') ? `PostgreSQL error ${sqlstate}` : message;
    const cause = new StorageDriverError('postgres', sqlstate, safeMessage, {
      constraint: typeof shape.constraint === 'string' ? shape.constraint : undefined,
      table: typeof shape.table === 'string' ? shape.table : undefined,
    });
    return wrap(postgresCode(sqlstate), cause);
  }
  const code = typeof shape.code === 'string' ? shape.code : 'CONNECTION';
  return wrap('service_unavailable', new StorageDriverError('postgres', code, message));
}
