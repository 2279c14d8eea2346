import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import type { ThrowawayDatabase } from '../storage/throwaway-database.ts';
import type { RecordRow } from './append-plan.ts';
import { insertRecords, readSubjectRecords, subjectBucketShift } from './sql.ts';
import { subjectTag } from './subject.ts';
import { createPostgresDatabase, postgresAdminUrl, tempDir } from './test-fixtures.ts';

/*
 * Subject lookups through the bucketed index (migration 6): rows written before the migration, and rows on
 * both sides of bucket boundaries up to the newest, partly filled bucket, are all found; nothing else is.
 */

const bucket = 2 ** subjectBucketShift;
const newRef = () => randomBytes(32).toString('base64url');
const anna = newRef();
// Another reference with Anna's tag (its first eight characters): found by the index, dropped by the filter.
const twin = `${anna.slice(0, 8)}${newRef().slice(8)}`;

function row(seq: number, subject: string | null, keyId = 'key-1'): RecordRow {
  return {
    seq,
    time: '2026-11-28T00:00:00.000Z',
    subjectTag: subject === null ? null : subjectTag(subject),
    subjectRef: subject,
    subjectKeyId: subject === null ? null : keyId,
    purposeId: 'handlagga-bygglov',
    payload: `{"seq":${seq}}`,
    leafHash: 'leaf',
    chainHash: 'chain',
  };
}

const before = [1, bucket - 1, bucket];
const after = [bucket + 1, 3 * bucket + 7, 5 * bucket - 1, 5 * bucket, 5 * bucket + 3];
const newest = 5 * bucket + 10;

function describeLookups(open: () => Promise<{ store: Store; cleanup(): Promise<void> }>) {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    // The schema before migration 6, with Anna's first records and others' around them.
    await migrate(store, gatewayMigrations.slice(0, 5));
    await insertRecords(store, store.driver, [
      ...before.map((seq) => row(seq, anna)),
      row(2, newRef()),
      row(3, null),
      row(bucket - 2, twin),
    ]);
    await migrate(store, gatewayMigrations);
    await insertRecords(store, store.driver, [
      ...after.map((seq) => row(seq, anna)),
      row(bucket + 2, anna, 'key-2'),
      row(2 * bucket, twin),
      row(5 * bucket + 1, newRef()),
      row(newest, null),
    ]);
  });

  afterAll(async () => {
    await cleanup();
  });

  it('finds every record of the reference in every bucket, in order, and nothing else', async () => {
    const found = await readSubjectRecords(store, [{ keyId: 'key-1', ref: anna }]);
    expect(found.map((record) => Number(record.seq))).toEqual([...before, ...after]);
    expect(found.every((record) => record.subject_ref === anna)).toBe(true);
  });

  it('matches a reference only under the key id that made it', async () => {
    const found = await readSubjectRecords(store, [
      { keyId: 'key-2', ref: anna },
      { keyId: 'key-3', ref: twin },
    ]);
    expect(found.map((record) => Number(record.seq))).toEqual([bucket + 2]);
  });

  it('finds the newest record, alone in its bucket', async () => {
    const last = newRef();
    await insertRecords(store, store.driver, [row(newest + bucket, last)]);
    const found = await readSubjectRecords(store, [{ keyId: 'key-1', ref: last }]);
    expect(found.map((record) => Number(record.seq))).toEqual([newest + bucket]);
  });
}

describe('readSubjectRecords on SQLite', () => {
  const dir = tempDir();
  describeLookups(async () => {
    const store = await openStore({ driver: 'sqlite', path: join(dir.path, 'audit.db') });
    return {
      store,
      cleanup: async () => {
        await store.close();
        dir.remove();
      },
    };
  });

  it('seeks the bucketed index once per bucket instead of scanning the records', async () => {
    const store = await openStore({ driver: 'sqlite', path: ':memory:' });
    await migrate(store, gatewayMigrations);
    // Capture the statement the lookup runs, then ask SQLite how it would run it.
    const statements: string[] = [];
    const spy = {
      query: async (sql: string) => {
        statements.push(sql);
        return [];
      },
    } as unknown as Store;
    await readSubjectRecords(spy, [{ keyId: 'key-1', ref: anna }]);
    const plan = await store.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${statements[0]}`, [1]);
    await store.close();
    const onRecords = plan
      .map((step) => step.detail)
      .filter((detail) => detail.includes('brygga_audit_records'));
    expect(
      onRecords.some((detail) =>
        detail.includes('INDEX brygga_audit_records_subject_bucket (<expr>=? AND subject_tag=?)'),
      ),
    ).toBe(true);
    expect(onRecords.filter((detail) => detail.startsWith('SCAN'))).toEqual([]);
  });
});

if (postgresAdminUrl) {
  describe('readSubjectRecords on PostgreSQL', () => {
    let database: ThrowawayDatabase;
    describeLookups(async () => {
      database = await createPostgresDatabase();
      const store = await openStore({ driver: 'postgres', connectionString: database.url });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await database.drop();
        },
      };
    });
  });
}
