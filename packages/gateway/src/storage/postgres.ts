import type { BryggaError } from '@brygga/contract';
import pg, { type PoolClient, type QueryResult } from 'pg';
import { BoundedCache } from './bounded-cache.ts';
import { storageUsageError, storeClosedError, translatePostgresError } from './errors.ts';
import { postgresTypes } from './postgres-types.ts';
import { type CompiledSql, compileSql } from './sql-text.ts';
import {
  isInsideTransactionOf,
  nestedCallError,
  runInScope,
  scopedQueryable,
  TransactionScope,
} from './transaction-scope.ts';
import type { PostgresStoreOptions, Queryable, Row, SqlValue, Store } from './types.ts';
import { checkParams, toPostgresParams } from './values.ts';

const compiledCacheSize = 256;

async function send(client: PoolClient, sql: string, values?: unknown[]): Promise<QueryResult<Row>> {
  try {
    return await client.query<Row>(values ? { text: sql, values } : sql);
  } catch (error) {
    throw translatePostgresError(error);
  }
}

/** PostgreSQL through a `pg.Pool`; each transaction has a client of its own. */
class PostgresStore implements Store {
  readonly driver = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #compiled = new BoundedCache<string, CompiledSql>(compiledCacheSize);
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #onBackgroundError: (error: BryggaError) => void;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolMax ?? 10,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      // A transaction whose work hangs must not hold its row locks forever.
      idle_in_transaction_session_timeout: 60_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      application_name: 'brygga-gateway',
      types: postgresTypes,
    });
    // Without a listener, an idle client dropped by the server (restart, failover) crashes the process.
    this.#pool.on('error', (error) => this.#background(error));
  }

  query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#track(async () => {
      const values = this.#values(sql, params);
      const result = await this.#withClient((client) => send(client, sql, values));
      return result.rows as R[];
    });
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<{ rowCount: number }> {
    return this.#track(async () => {
      const values = this.#values(sql, params);
      const result = await this.#withClient((client) => send(client, sql, values));
      return { rowCount: result.rowCount ?? 0 };
    });
  }

  executeScript(sql: string): Promise<void> {
    return this.#track(async () => {
      await this.#withClient((client) => send(client, sql));
    });
  }

  ping(): Promise<void> {
    return this.#track(async () => {
      await this.#withClient((client) => send(client, 'SELECT 1'));
    });
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#track(() =>
      this.#withClient(async (client, discard) => {
        await send(client, 'BEGIN');
        const scope = new TransactionScope(this);
        let result: T;
        try {
          result = await runInScope(scope, () => work(scopedQueryable(scope, this.#bound(client))));
        } catch (error) {
          scope.active = false;
          await this.#rollback(client, discard);
          throw error;
        }
        scope.active = false;
        if (scope.failure) {
          await this.#rollback(client, discard);
          throw scope.failure;
        }
        let commit: QueryResult<Row>;
        try {
          commit = await send(client, 'COMMIT');
        } catch (error) {
          await this.#rollback(client, discard);
          throw error;
        }
        // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK rather than an error.
        if (commit.command === 'ROLLBACK') throw storageUsageError('PostgreSQL rolled the transaction back');
        return result;
      }),
    );
  }

  close(): Promise<void> {
    if (isInsideTransactionOf(this)) return Promise.reject(nestedCallError());
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    // pool.end() would strand callers still queued for a client, so let all started work finish first.
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
    await this.#pool.end();
  }

  #track<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(storeClosedError());
    if (isInsideTransactionOf(this)) return Promise.reject(nestedCallError());
    const running = run();
    this.#inflight.add(running);
    const forget = () => this.#inflight.delete(running);
    running.then(forget, forget);
    return running;
  }

  #values(sql: string, params: readonly SqlValue[]): unknown[] {
    let compiled = this.#compiled.get(sql);
    if (!compiled) {
      compiled = compileSql(sql);
      this.#compiled.set(sql, compiled);
    }
    checkParams(params, compiled.paramCount);
    return toPostgresParams(params);
  }

  /** A Queryable on one checked-out client: the statements of a transaction. */
  #bound(client: PoolClient): Queryable {
    return {
      query: async <R extends Row = Row>(sql: string, params: readonly SqlValue[] = []) =>
        (await send(client, sql, this.#values(sql, params))).rows as R[],
      execute: async (sql, params = []) => ({
        rowCount: (await send(client, sql, this.#values(sql, params))).rowCount ?? 0,
      }),
      executeScript: async (sql) => {
        await send(client, sql);
      },
    };
  }

  async #withClient<T>(use: (client: PoolClient, discard: (error: Error) => void) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw translatePostgresError(error);
    }
    // pg-pool detaches its own error listener while a client is checked out; an 'error' event with no
    // listener would crash the process. The statement in flight rejects with the same failure.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      return await use(client, onError);
    } finally {
      client.off('error', onError);
      // Releasing with an error destroys the connection instead of pooling a broken one.
      client.release(broken);
    }
  }

  async #rollback(client: PoolClient, discard: (error: Error) => void): Promise<void> {
    try {
      await client.query('ROLLBACK');
    } catch (error) {
      // The connection's state is unknown: it must not go back to the pool.
      discard(error instanceof Error ? error : new Error('ROLLBACK failed'));
    }
  }

  #background(error: unknown): void {
    try {
      this.#onBackgroundError(translatePostgresError(error));
    } catch {
      // A throwing logger must not take the process down either.
    }
  }
}

export function openPostgresStore(options: PostgresStoreOptions): Store {
  return new PostgresStore(options);
}
