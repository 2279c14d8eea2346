import { inspect } from 'node:util';
import type { BryggaError } from '@brygga/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStoreConformance } from './conformance.ts';
import { openStore } from './open-store.ts';
import { poolConfig, queryTimeoutMarginMs } from './postgres.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database.ts';

const adminUrl = process.env.BRYGGA_TEST_DATABASE_URL;

describe('postgres pool settings', () => {
  const connectionString = 'postgres://brygga@db.invalid/brygga';

  it('keeps connections alive and bounds queries on the client a little above statement_timeout', () => {
    const config = poolConfig({ driver: 'postgres', connectionString, statementTimeoutMs: 12_000 });
    expect(config.keepAlive).toBe(true);
    expect(config.statement_timeout).toBe(12_000);
    expect(config.query_timeout).toBe(12_000 + queryTimeoutMarginMs);
    expect(queryTimeoutMarginMs).toBeGreaterThan(0);
    expect(queryTimeoutMarginMs).toBeLessThanOrEqual(10_000);
  });

  it('follows the default statement_timeout, and sets no client-side bound when the server has none', () => {
    expect(poolConfig({ driver: 'postgres', connectionString }).query_timeout).toBe(
      30_000 + queryTimeoutMarginMs,
    );
    const unbounded = poolConfig({ driver: 'postgres', connectionString, statementTimeoutMs: 0 });
    expect(unbounded.query_timeout).toBeUndefined();
    expect(unbounded.keepAlive).toBe(true);
  });

  it('passes the settings to pg.Pool', () => {
    const pool = new pg.Pool(poolConfig({ driver: 'postgres', connectionString, statementTimeoutMs: 1000 }));
    try {
      expect(pool.options).toMatchObject({ keepAlive: true, query_timeout: 1000 + queryTimeoutMarginMs });
    } finally {
      void pool.end();
    }
  });
});

if (!adminUrl) {
  if (process.env.CI) {
    describe('postgres store', () => {
      it('needs BRYGGA_TEST_DATABASE_URL', () => {
        throw new Error(
          'BRYGGA_TEST_DATABASE_URL is not set: in CI the PostgreSQL storage tests must run, not skip.',
        );
      });
    });
  } else {
    console.warn(
      '[storage] PostgreSQL tests skipped. Enable them with ' +
        'BRYGGA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a fresh database is created and dropped).',
    );
    describe.skip('postgres store (set BRYGGA_TEST_DATABASE_URL to run)', () => {
      it('is skipped', () => {});
    });
  }
} else {
  let database: ThrowawayDatabase | undefined;
  let connectionString = '';

  // As the server's administrator: to cut a store's connection from outside.
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase(adminUrl);
    connectionString = database.url;
  });
  afterAll(async () => {
    await database?.drop();
  });

  describeStoreConformance('postgres', () => openStore({ driver: 'postgres', connectionString, poolMax: 4 }));

  describe('postgres store', () => {
    it('keeps values out of data-exception messages', async () => {
      const store = await openStore({ driver: 'postgres', connectionString });
      try {
        await store.executeScript('CREATE TABLE IF NOT EXISTS pg_numbers (n BIGINT)');
        const failure = await store
          .execute('INSERT INTO pg_numbers (n) VALUES ($1)', ['199001011234-not-a-number'])
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(failure).toMatchObject({ code: 'internal_error', cause: { code: '22P02' } });
        expect(inspect(failure, { depth: 10 })).not.toContain('199001011234');
      } finally {
        await store.close();
      }
    });

    it('maps a statement timeout to service_unavailable', async () => {
      const store = await openStore({ driver: 'postgres', connectionString, statementTimeoutMs: 50 });
      try {
        await expect(store.query('SELECT pg_sleep(5)')).rejects.toMatchObject({
          code: 'service_unavailable',
        });
        await expect(store.ping()).resolves.toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('reports an unreachable server as service_unavailable', async () => {
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      const store = await openStore({
        driver: 'postgres',
        connectionString: 'postgres://postgres@127.0.0.1:1/none',
      });
      try {
        await expect(store.ping()).rejects.toMatchObject({ code: 'service_unavailable' });
        await expect(store.transaction(async () => 1)).rejects.toMatchObject({ code: 'service_unavailable' });
      } finally {
        await store.close();
      }
    });

    it('survives the server dropping an idle pooled connection', async () => {
      let reported!: (error: BryggaError) => void;
      const background = new Promise<BryggaError>((resolve) => {
        reported = resolve;
      });
      const store = await openStore({
        driver: 'postgres',
        connectionString,
        poolMax: 1,
        onBackgroundError: (error) => reported(error),
      });
      try {
        const [row] = await store.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await adminQuery(`SELECT pg_terminate_backend(${Number(row?.pid)}, 5000)`);
        const error = await background;
        expect(error.code).toBe('service_unavailable');
        expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await store.close();
      }
    });

    it('survives the server dropping a connection in the middle of a transaction', async () => {
      const store = await openStore({ driver: 'postgres', connectionString, poolMax: 1 });
      try {
        const attempt = store.transaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await adminQuery(`SELECT pg_terminate_backend(${Number(row?.pid)}, 5000)`);
          await tx.query('SELECT 1 AS one');
        });
        await expect(attempt).rejects.toMatchObject({ code: 'service_unavailable' });
        expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await store.close();
      }
    });
  });
}
