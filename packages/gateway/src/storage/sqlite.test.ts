import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const store = await openStore({
      driver: 'sqlite',
      path: join(directory, 'pragmas.db'),
      busyTimeoutMs: 1234,
    });
    try {
      expect(await store.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await store.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      expect(await store.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await store.query('PRAGMA busy_timeout')).toEqual([{ timeout: 1234 }]);
    } finally {
      await store.close();
    }
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
