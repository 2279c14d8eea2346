import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningBusinessSystem, startBusinessSystem } from '../src/index.ts';
import { openDatabase } from '../src/store/database.ts';
import { apiKey, problemOf } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const each of cleanup.splice(0).reverse()) await each();
});

function tempDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'business-system-busy-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cases.db');
}

const body = {
  applicant: { personalIdentityNumber: '191212121212', name: 'Tolvan Tolvansson' },
  title: 'Nybyggnad av garage',
  description: 'Garage 30 kvm.',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
};

function post(system: RunningBusinessSystem): Promise<Response> {
  return fetch(`${system.url}/api/v2/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('a database busy with another writer', () => {
  it('waits at most a second by default', () => {
    const db = openDatabase(tempDatabase());
    try {
      expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 1000 });
    } finally {
      db.close();
    }
  });

  it('answers 503 with Retry-After: 1 (the gateway tries again), not 500, and works once the lock is gone', async () => {
    const dbPath = tempDatabase();
    const logs: string[] = [];
    const system = await startBusinessSystem({
      port: 0,
      apiKey,
      dbPath,
      busyTimeoutMs: 20,
      log: (event) => void logs.push(event),
    });
    cleanup.push(() => system.close());
    // Another connection holds the write lock, as a long write or a backup would.
    const other = new DatabaseSync(dbPath);
    cleanup.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');

    const busy = await post(system);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.headers.get('content-type')).toBe('application/problem+json');
    expect(await problemOf(busy)).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(logs).not.toContain('internal_error');

    other.exec('COMMIT');
    expect((await post(system)).status).toBe(201);
  });
});
