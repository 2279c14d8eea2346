import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { BoundedCache } from './bounded-cache.ts';
import { isSqliteBusy, storageUnavailableError, storeClosedError, translateSqliteError } from './errors.ts';
import { Mutex } from './mutex.ts';
import { compileSql } from './sql-text.ts';
import {
  isInsideTransactionOf,
  nestedCallError,
  runInScope,
  scopedQueryable,
  TransactionScope,
} from './transaction-scope.ts';
import type { Queryable, Row, SqliteStoreOptions, SqlValue, Store } from './types.ts';
import { checkParams, fromSqliteRow, toSqliteParams } from './values.ts';

const statementCacheSize = 256;
const defaultBusyTimeoutMs = 5000;

interface Prepared {
  readonly statement: StatementSync;
  readonly paramCount: number;
  readonly returnsRows: boolean;
  readonly changesRows: boolean;
}

/**
 * One lock per database file for the whole process. Two stores on the same file (two connections) must
 * not interleave either: the second would wait for SQLite's write lock inside a synchronous busy loop that
 * blocks the event loop, so the first could never finish and release it.
 */
interface FileLock {
  readonly mutex: Mutex;
  users: number;
}
const fileLocks = new Map<string, FileLock>();

function acquireFileLock(key: string | undefined): FileLock {
  if (key === undefined) return { mutex: new Mutex(), users: 1 };
  let lock = fileLocks.get(key);
  if (!lock) {
    lock = { mutex: new Mutex(), users: 0 };
    fileLocks.set(key, lock);
  }
  lock.users += 1;
  return lock;
}

function releaseFileLock(key: string | undefined, lock: FileLock): void {
  lock.users -= 1;
  if (key !== undefined && lock.users === 0 && fileLocks.get(key) === lock) fileLocks.delete(key);
}

function attempt<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Waits before the next try at a lock another connection holds: first a few turns of the event loop (the
 * audit writer thread's commit takes a fraction of a millisecond), then timers doubling up to 16 ms.
 */
function pause(attempt: number): Promise<void> {
  if (attempt < 16) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, Math.min(2 ** (attempt - 16), 16)));
}

/**
 * Opens a connection the way every connection to the store's file is opened (the audit writer thread's too):
 * WAL, synchronous=FULL, foreign keys, defensive, and no busy handler once open (callers wait for locks
 * themselves, without sleeping in SQLite). Throws a translated error.
 */
export function openSqliteConnection(path: string, busyTimeoutMs: number): DatabaseSync {
  const memory = path === ':memory:';
  if (!memory) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'EIO');
      throw storageUnavailableError('sqlite', code, 'cannot create the directory of the database file');
    }
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, {
      readBigInts: true,
      // Opening may wait for another connection (recovering the WAL, say) in SQLite's busy handler; afterwards
      // the handler is turned off (below).
      timeout: busyTimeoutMs,
      enableForeignKeyConstraints: true,
      // Refuses the few statements that can corrupt a database file (writable_schema and the like).
      defensive: true,
    });
  } catch (error) {
    throw translateSqliteError(error);
  }
  let mode: unknown;
  try {
    mode = db.prepare('PRAGMA journal_mode = WAL').get()?.journal_mode;
    // FULL: a commit is on disk before it is reported (the audit log depends on it).
    db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    // SQLite's busy handler sleeps on this thread, stopping the event loop (every request) for as long as
    // another connection holds the write lock; from here the store waits without blocking (`#untilFree`).
    db.exec('PRAGMA busy_timeout = 0');
  } catch (error) {
    db.close();
    throw translateSqliteError(error);
  }
  if (!memory && mode !== 'wal') {
    db.close();
    throw storageUnavailableError('sqlite', 'WAL', `journal_mode stayed ${String(mode)}; WAL is required`);
  }
  return db;
}

/** The embedded default: node:sqlite, one synchronous connection, work serialised by an async mutex. */
class SqliteStore implements Store {
  readonly driver = 'sqlite' as const;
  readonly #db: DatabaseSync;
  readonly #lockKey: string | undefined;
  readonly #lock: FileLock;
  readonly #statements = new BoundedCache<string, Prepared>(statementCacheSize);
  readonly #begin: StatementSync;
  readonly #commit: StatementSync;
  readonly #rollback: StatementSync;
  /** Runs statements directly; only a transaction holding the lock hands it out (wrapped in its scope). */
  readonly #direct: Queryable;
  /** How long a statement may wait for a lock another connection holds before it fails. */
  readonly busyTimeoutMs: number;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: SqliteStoreOptions) {
    const memory = options.path === ':memory:';
    const path = memory ? options.path : resolve(options.path);
    this.busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
    this.#db = openSqliteConnection(path, this.busyTimeoutMs);
    this.#lockKey = memory ? undefined : realpathSync(path);
    this.#lock = acquireFileLock(this.#lockKey);
    // Writers take the write lock at BEGIN: a deferred transaction that later upgrades can fail with
    // SQLITE_BUSY mid-way, where no busy timeout helps.
    this.#begin = this.#db.prepare('BEGIN IMMEDIATE');
    this.#commit = this.#db.prepare('COMMIT');
    this.#rollback = this.#db.prepare('ROLLBACK');
    this.#direct = {
      query: <R extends Row = Row>(sql: string, params: readonly SqlValue[] = []) =>
        attempt(() => this.#all(sql, params) as R[]),
      execute: (sql, params = []) => attempt(() => this.#run(sql, params)),
      executeScript: (sql) => attempt(() => this.#script(sql)),
    };
  }

  query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#enter(() => this.#all(sql, params) as R[]);
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<{ rowCount: number }> {
    return this.#enter(() => this.#run(sql, params));
  }

  executeScript(sql: string): Promise<void> {
    // Outside a transaction a script commits statement by statement, so it cannot simply be run again after
    // SQLITE_BUSY: it waits in SQLite's busy handler instead (scripts are migrations, run at start).
    return this.#enter(() => this.#blockingWhenBusy(() => this.#script(sql)), false);
  }

  ping(): Promise<void> {
    return this.#enter(() => {
      this.#all('SELECT 1', []);
    });
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    if (this.#closed) throw storeClosedError();
    if (isInsideTransactionOf(this.#lock)) throw nestedCallError();
    const release = await this.#lock.mutex.lock();
    try {
      await this.#untilFree(() => this.#step(this.#begin));
      const scope = new TransactionScope(this.#lock);
      let result: T;
      try {
        result = await runInScope(scope, () => work(scopedQueryable(scope, this.#direct)));
      } catch (error) {
        scope.active = false;
        this.#rollbackIfOpen();
        throw error;
      }
      scope.active = false;
      if (scope.failure) {
        this.#rollbackIfOpen();
        throw scope.failure;
      }
      try {
        this.#step(this.#commit);
      } catch (error) {
        // A deferred constraint can fail at COMMIT and leave the transaction open.
        this.#rollbackIfOpen();
        throw error;
      }
      return result;
    } finally {
      release();
    }
  }

  close(): Promise<void> {
    if (isInsideTransactionOf(this.#lock)) return Promise.reject(nestedCallError());
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    // Queued work is ahead of us in the FIFO mutex, so it finishes first.
    const release = await this.#lock.mutex.lock();
    try {
      this.#statements.clear();
      this.#db.close();
    } finally {
      release();
      releaseFileLock(this.#lockKey, this.#lock);
    }
  }

  /**
   * Store-level calls: run at once when nothing holds the lock, else queue behind the holder. A statement
   * refused with SQLITE_BUSY (one statement outside a transaction has had no effect then) is tried again
   * while holding the lock, so later calls keep their order.
   */
  #enter<T>(run: () => T, retry = true): Promise<T> {
    if (this.#closed) return Promise.reject(storeClosedError());
    if (isInsideTransactionOf(this.#lock)) return Promise.reject(nestedCallError());
    if (!this.#lock.mutex.locked) {
      try {
        return Promise.resolve(run());
      } catch (error) {
        if (!retry || !isSqliteBusy(error)) return Promise.reject(error);
      }
      return this.#lock.mutex.run(() => this.#untilFree(run, true));
    }
    return this.#lock.mutex.run(() => (retry ? this.#untilFree(run) : run()));
  }

  /** Runs `run`, trying again while another connection holds the write lock, for up to `busyTimeoutMs`. */
  async #untilFree<T>(run: () => T, refusedOnce = false): Promise<T> {
    const deadline = performance.now() + this.busyTimeoutMs;
    let attempt = 0;
    if (refusedOnce) await pause(attempt++);
    while (true) {
      try {
        return run();
      } catch (error) {
        if (!isSqliteBusy(error) || performance.now() >= deadline) throw error;
      }
      await pause(attempt++);
    }
  }

  #blockingWhenBusy<T>(run: () => T): T {
    this.#db.exec(`PRAGMA busy_timeout = ${Math.trunc(this.busyTimeoutMs)}`);
    try {
      return run();
    } finally {
      this.#db.exec('PRAGMA busy_timeout = 0');
    }
  }

  #prepare(sql: string, params: readonly SqlValue[]): Prepared {
    let prepared = this.#statements.get(sql);
    if (!prepared) {
      const compiled = compileSql(sql);
      let statement: StatementSync;
      try {
        statement = this.#db.prepare(compiled.sqlite);
      } catch (error) {
        throw translateSqliteError(error);
      }
      prepared = {
        statement,
        paramCount: compiled.paramCount,
        returnsRows: statement.columns().length > 0,
        changesRows: compiled.changesRows,
      };
      this.#statements.set(sql, prepared);
    }
    checkParams(params, prepared.paramCount);
    return prepared;
  }

  #all(sql: string, params: readonly SqlValue[]): Row[] {
    const { statement } = this.#prepare(sql, params);
    let rows: Record<string, unknown>[];
    try {
      rows = statement.all(...toSqliteParams(params));
    } catch (error) {
      throw translateSqliteError(error);
    }
    return rows.map(fromSqliteRow);
  }

  #run(sql: string, params: readonly SqlValue[]): { rowCount: number } {
    const { statement, returnsRows, changesRows } = this.#prepare(sql, params);
    try {
      if (returnsRows) return { rowCount: statement.all(...toSqliteParams(params)).length };
      const result = statement.run(...toSqliteParams(params));
      // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE through any other statement
      // (DDL, PRAGMA), so it only means something for those.
      return { rowCount: changesRows ? Number(result.changes) : 0 };
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  #script(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  #step(statement: StatementSync): void {
    try {
      statement.run();
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  #rollbackIfOpen(): void {
    // Some failures (SQLITE_FULL, IOERR) have already rolled the transaction back.
    if (!this.#db.isTransaction) return;
    try {
      this.#rollback.run();
    } catch {
      // Nothing more can be done here; the original error is the one worth reporting.
    }
  }
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  return new SqliteStore(options);
}
