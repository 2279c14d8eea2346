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

/** How much longer than the server's statement_timeout the client waits for an answer before giving up. */
export const queryTimeoutMarginMs = 5000;

/**
 * The pg.Pool settings. Besides the server-side timeouts, two guard against a network that drops silently (no
 * FIN, no RST: a failover, a NAT or firewall forgetting the connection): TCP keep-alive, so the socket learns
 * the peer is gone, and a client-side `query_timeout` a little above `statement_timeout`, so a query (ROLLBACK
 * included) that gets no answer fails instead of holding its pool client for the minutes TCP takes to give up.
 * A scripted statement (executeScript: migrations, which lift statement_timeout) is exempt.
 */
export function poolConfig(options: PostgresStoreOptions): pg.PoolConfig {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  return {
    connectionString: options.connectionString,
    max: options.poolMax ?? 10,
    statement_timeout: statementTimeoutMs,
    // 0 turns statement_timeout off; then there is no bound to stay a little above.
    ...(statementTimeoutMs > 0 ? { query_timeout: statementTimeoutMs + queryTimeoutMarginMs } : {}),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // A transaction whose work hangs must not hold its row locks forever.
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'brygga-gateway',
    types: postgresTypes,
  };
}

/** setTimeout's largest delay: pg's per-query way of saying "no client-side timeout" (0 means the pool's). */
const noQueryTimeout = 2_147_483_647;

/** Clients that had a query time out on the client side: their connection is mid-query, so never reuse it. */
const timedOutClients = new WeakSet<PoolClient>();

async function send(
  client: PoolClient,
  sql: string,
  values?: unknown[],
  { script = false }: { script?: boolean } = {},
): Promise<QueryResult<Row>> {
  try {
    return await client.query<Row>({
      text: sql,
      ...(values ? { values } : {}),
      ...(script ? { query_timeout: noQueryTimeout } : {}),
    });
  } catch (error) {
    if (error instanceof Error && error.message === 'Query read timeout') timedOutClients.add(client);
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
    this.#pool = new pg.Pool(poolConfig(options));
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
      await this.#withClient((client) => send(client, sql, undefined, { script: true }));
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
        await send(client, sql, undefined, { script: true });
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
      client.release(
        broken ?? (timedOutClients.has(client) ? new Error('query timed out on the client') : undefined),
      );
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
