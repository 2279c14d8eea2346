import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreConformance } from './conformance.ts';
import { openStore } from './open-store.ts';

const directory = mkdtempSync(join(tmpdir(), 'brygga-sqlite-'));
// A directory that does not exist yet: opening must create it.
const path = join(directory, 'nested', 'deeper', 'brygga.db');

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describeStoreConformance('sqlite', () => openStore({ driver: 'sqlite', path }));

describe('sqlite store', () => {
  it('runs with WAL, synchronous=FULL, foreign keys, and no busy handler that would block the thread', async () => {
    const store = await openStore({
      driver: 'sqlite',
      path: join(directory, 'pragmas.db'),
      busyTimeoutMs: 1234,
    });
    try {
      expect(await store.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await store.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      expect(await store.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await store.query('PRAGMA busy_timeout')).toEqual([{ timeout: 0 }]);
      expect(store.busyTimeoutMs).toBe(1234);
    } finally {
      await store.close();
    }
  });

  describe('while another connection holds the write lock', () => {
    // Another connection to the same file (the audit writer thread's, another process's) that this process's
    // file lock knows nothing about.
    const holdLock = (file: string) => {
      const other = new DatabaseSync(file);
      other.exec('BEGIN IMMEDIATE');
      return other;
    };
    const release = (other: DatabaseSync) => {
      other.exec('COMMIT');
      other.close();
    };

    it('waits without blocking the event loop, then writes', async () => {
      const file = join(directory, 'busy-wait.db');
      const store = await openStore({ driver: 'sqlite', path: file, busyTimeoutMs: 10_000 });
      try {
        await store.executeScript('CREATE TABLE t (n INTEGER)');
        const other = holdLock(file);
        // Only a free event loop can run this timer; a sleeping busy handler would hold it for 10 s.
        setTimeout(() => release(other), 20);
        await store.execute('INSERT INTO t (n) VALUES (1)');
        await store.transaction(async (tx) => {
          await tx.execute('INSERT INTO t (n) VALUES (2)');
        });
        expect(await store.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
      } finally {
        await store.close();
      }
    });

    it('begins a transaction once the lock is free, and keeps later calls in order', async () => {
      const file = join(directory, 'busy-order.db');
      const store = await openStore({ driver: 'sqlite', path: file, busyTimeoutMs: 10_000 });
      try {
        await store.executeScript('CREATE TABLE t (n INTEGER)');
        const other = holdLock(file);
        setTimeout(() => release(other), 20);
        const writes = [
          store.transaction(async (tx) => {
            await tx.execute('INSERT INTO t (n) VALUES (1)');
          }),
          store.execute('INSERT INTO t (n) VALUES (2)'),
          store.execute('INSERT INTO t (n) VALUES (3)'),
        ];
        await Promise.all(writes);
        expect(await store.query('SELECT n FROM t ORDER BY rowid')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      } finally {
        await store.close();
      }
    });

    it('fails with service_unavailable once busyTimeoutMs has passed, having written nothing', async () => {
      const file = join(directory, 'busy-timeout.db');
      const store = await openStore({ driver: 'sqlite', path: file, busyTimeoutMs: 30 });
      try {
        await store.executeScript('CREATE TABLE t (n INTEGER)');
        const other = holdLock(file);
        try {
          await expect(store.execute('INSERT INTO t (n) VALUES (1)')).rejects.toMatchObject({
            code: 'service_unavailable',
          });
          await expect(
            store.transaction(async (tx) => {
              await tx.execute('INSERT INTO t (n) VALUES (2)');
            }),
          ).rejects.toMatchObject({ code: 'service_unavailable' });
        } finally {
          release(other);
        }
        expect(await store.query('SELECT n FROM t')).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  it('enforces foreign keys, reporting a violation as conflict', async () => {
    const store = await openStore({ driver: 'sqlite', path: ':memory:' });
    try {
      await store.executeScript(
        'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent INTEGER REFERENCES parent (id));',
      );
      await expect(store.execute('INSERT INTO child (parent) VALUES (1)')).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      await store.close();
    }
  });

  it('keeps working beyond the statement cache size', async () => {
    const store = await openStore({ driver: 'sqlite', path: ':memory:' });
    try {
      for (let i = 0; i < 300; i += 1) {
        expect(await store.query(`SELECT ${i} AS n`)).toEqual([{ n: i }]);
      }
      expect(await store.query('SELECT 0 AS n')).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  });

  it('reports a database that cannot be opened as service_unavailable', async () => {
    const blocker = join(directory, 'a-file');
    writeFileSync(blocker, 'not a directory');
    await expect(openStore({ driver: 'sqlite', path: join(blocker, 'x.db') })).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    await expect(openStore({ driver: 'sqlite', path: directory })).rejects.toMatchObject({
      code: 'service_unavailable',
    });
  });
});
