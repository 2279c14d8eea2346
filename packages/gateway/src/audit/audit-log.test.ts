import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInstance, gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { AuditLog } from './audit-log.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { readCheckpointFiles } from './checkpoint-files.ts';
import { leafHash } from './merkle.ts';
import { subjectReference } from './subject.ts';
import {
  createPostgresDatabase,
  openSqlite,
  openTestLog,
  people,
  postgresAdminUrl,
  sampleRecord,
  tempDir,
  testKeys,
  testPurposes,
} from './test-fixtures.ts';
import { verifyAuditLog } from './verify-log.ts';

type Backend = { name: 'sqlite' | 'postgres'; open(): Promise<Store>; cleanup(): Promise<void> };

function describeAuditLog(backend: () => Backend) {
  // One key set per database: a verifier trusts the keys of every checkpoint the tests before it signed.
  const keys = testKeys();
  let current: Backend;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    current = backend();
    dir = tempDir();
  });
  afterAll(async () => {
    await current.cleanup();
    dir.remove();
  });

  it('numbers records without gaps, resolves only after commit, and stores no personnummer', async () => {
    const store = await current.open();
    const log = await openTestLog(store, keys, join(dir.path, 'a'));
    try {
      const receipts = await Promise.all(
        Array.from({ length: 250 }, (_, index) => log.append(sampleRecord(index))),
      );
      const seqs = receipts.map((receipt) => receipt.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
      // Each receipt names a row that is there, with the leaf hash of its stored payload.
      const rows = await store.query<{
        seq: number;
        payload: string;
        leaf_hash: string;
        subject_ref: string;
      }>('SELECT seq, payload, leaf_hash, subject_ref FROM brygga_audit_records ORDER BY seq');
      expect(rows).toHaveLength(250);
      for (const receipt of receipts) {
        const row = rows[receipt.seq - 1];
        expect(row?.leaf_hash).toBe(receipt.leafHash);
        expect(leafHash(row?.payload ?? '').toString('base64url')).toBe(receipt.leafHash);
      }
      const expectedRef = subjectReference(keys.subject, '198507099805').ref;
      expect(new Set(rows.map((row) => row.subject_ref))).toEqual(new Set([expectedRef]));
      const everything = JSON.stringify(await store.query('SELECT * FROM brygga_audit_records'));
      for (const form of ['198507099805', '850709', '9805"']) expect(everything).not.toContain(form);
      const payload = JSON.parse(rows[0]?.payload ?? '{}');
      expect(payload).toMatchObject({
        v: 1,
        seq: 1,
        actor: { kind: 'citizen', id: null },
        subject: { keyId: 'audit-1', ref: expectedRef },
        eService: 'bygglov-ansokan',
        purpose: {
          id: 'handlagga-bygglov',
          legalBasis: '6(1)(e)',
          reference: 'Plan- och bygglagen (2010:900)',
        },
        dataCategories: ['personnummer', 'namn'],
      });
    } finally {
      await log.close();
      await store.close();
    }
  });

  it('signs a checkpoint every N records, exports each as a file, and a final one on close', async () => {
    const store = await current.open();
    const checkpointDir = join(dir.path, 'b');
    const log = await openTestLog(store, keys, checkpointDir, {
      checkpoints: { every: 100, seconds: 3600 },
      maxBatch: 50,
    });
    const before = (await store.query<{ size: number }>('SELECT size FROM brygga_audit_head'))[0]?.size ?? 0;
    await Promise.all(Array.from({ length: 230 }, (_, index) => log.append(sampleRecord(index))));
    await log.close();
    const sizes = (
      await store.query<{ tree_size: number }>(
        'SELECT tree_size FROM brygga_audit_checkpoints ORDER BY tree_size',
      )
    )
      .map((row) => Number(row.tree_size))
      .filter((size) => size > before);
    // Batches of 50: a checkpoint after the batch that reaches 100 and 200 new records, and one at close.
    expect(sizes).toEqual([before + 100, before + 200, before + 230]);
    const files = await readCheckpointFiles(checkpointDir);
    expect(files.map((file) => file.treeSize)).toEqual(expect.arrayContaining(sizes));
    const report = await verifyAuditLog(store, { trusted: keys.verifying, checkpointDir });
    expect(report).toMatchObject({ ok: true, records: before + 230, firstBadSeq: undefined });
    await expect(log.append(sampleRecord(1))).rejects.toMatchObject({ code: 'shutting_down' });
    await store.close();
  });

  it('fails closed: when the store cannot write, every waiting append rejects with service_unavailable', async () => {
    const store = await current.open();
    const log = await openTestLog(store, keys, join(dir.path, 'c'));
    try {
      await log.append(sampleRecord(0));
      // A table the writer cannot reach stands in for a full disk or a lost database.
      await store.executeScript('ALTER TABLE brygga_audit_records RENAME TO brygga_audit_records_away');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) => log.append(sampleRecord(index))),
      );
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({
          code: 'service_unavailable',
          status: 503,
          headers: { 'Retry-After': '1' },
        });
      }
      await store.executeScript('ALTER TABLE brygga_audit_records_away RENAME TO brygga_audit_records');
      // Nothing half-written: the log goes on from where it was, and verifies.
      const receipt = await log.append(sampleRecord(1));
      const [head] = await store.query<{ size: number }>('SELECT size FROM brygga_audit_head');
      expect(receipt.seq).toBe(Number(head?.size));
      await log.close();
      expect((await verifyAuditLog(store, { trusted: keys.verifying, checkpointDir: undefined })).ok).toBe(
        true,
      );
      // After close, appends are refused rather than left waiting.
      await expect(log.append(sampleRecord(2))).rejects.toMatchObject({ code: 'shutting_down' });
    } finally {
      await log.close();
      await store.close();
    }
  });

  it('refuses malformed records before they are queued, without quoting them', async () => {
    const store = await current.open();
    const log = await openTestLog(store, keys, join(dir.path, 'd'));
    try {
      const bad = [
        { ...sampleRecord(0), subject: { personnummer: '19850709-9806' } },
        { ...sampleRecord(0), purpose: 'no-such-purpose' },
        { ...sampleRecord(0), operation: 'lookup 198507099805' },
        { ...sampleRecord(0), actor: { kind: 'official' as const, id: '' } },
        { ...sampleRecord(0), traceId: 'not-a-trace' },
      ];
      for (const record of bad) {
        const error = await log.append(record).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'internal_error' });
        expect(String((error as Error).cause)).not.toMatch(/198507099805|19850709-9806/);
      }
      const receipt = await log.append(sampleRecord(1));
      const rows = await store.query<{ seq: number }>(
        'SELECT seq FROM brygga_audit_records ORDER BY seq DESC',
      );
      expect(Number(rows[0]?.seq)).toBe(receipt.seq);
    } finally {
      await log.close();
      await store.close();
    }
  });

  it('signs a checkpoint on the timer when records wait uncovered', async () => {
    const store = await current.open();
    const instance = await ensureInstance(store);
    const log = await AuditLog.open({
      store,
      keys,
      purposes: testPurposes,
      origin: instance.id,
      checkpointDir: join(dir.path, 'e'),
      checkpoints: { every: 1_000_000, seconds: 1 },
    });
    try {
      const receipt = await log.append(sampleRecord(0));
      const covered = async () =>
        (
          await store.query('SELECT tree_size FROM brygga_audit_checkpoints WHERE tree_size >= $1', [
            receipt.seq,
          ])
        ).length > 0;
      await expect.poll(covered, { timeout: 5000, interval: 100 }).toBe(true);
    } finally {
      await log.close();
      await store.close();
    }
  });
}

describe('AuditLog on SQLite', () => {
  describeAuditLog(() => {
    const dir = tempDir();
    return {
      name: 'sqlite',
      open: () => openSqlite(join(dir.path, 'audit.db')),
      cleanup: async () => dir.remove(),
    };
  });

  it('exports at start a checkpoint that a crash left unexported', async () => {
    const dir = tempDir();
    try {
      const store = await openSqlite(join(dir.path, 'audit.db'));
      const keys = testKeys();
      const log = await openTestLog(store, keys, join(dir.path, 'first'));
      await Promise.all(Array.from({ length: 10 }, (_, index) => log.append(sampleRecord(index))));
      await log.close();
      const other = join(dir.path, 'second');
      const reopened = await openTestLog(store, keys, other);
      await reopened.close();
      const names = readdirSync(other);
      expect(names).toEqual(['checkpoint-0000000000000010.json']);
      const [row] = await store.query<{ document: string }>('SELECT document FROM brygga_audit_checkpoints');
      expect(parseCheckpoint(row?.document ?? '').treeSize).toBe(10);
      await store.close();
    } finally {
      dir.remove();
    }
  });
});

if (postgresAdminUrl) {
  describe('AuditLog on PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    beforeAll(async () => {
      database = await createPostgresDatabase();
      const store = await openStore({ driver: 'postgres', connectionString: database.url });
      await migrate(store, gatewayMigrations);
      await store.close();
    });
    afterAll(async () => {
      await database.drop();
    });

    describeAuditLog(() => ({
      name: 'postgres',
      open: () => openStore({ driver: 'postgres', connectionString: database.url, poolMax: 4 }),
      cleanup: async () => {},
    }));

    it('keeps one gap-free chain when several gateway instances append at once', async () => {
      const keys = testKeys();
      const dir = tempDir();
      const own = await createPostgresDatabase();
      const stores = await Promise.all(
        [0, 1, 2].map(() => openStore({ driver: 'postgres', connectionString: own.url, poolMax: 3 })),
      );
      await migrate(stores[0] as Store, gatewayMigrations);
      try {
        const logs = await Promise.all(
          stores.map((store, index) =>
            openTestLog(store, keys, join(dir.path, `instance-${index}`), {
              checkpoints: { every: 150, seconds: 3600 },
              maxBatch: 40,
            }),
          ),
        );
        const receipts = await Promise.all(
          logs.flatMap((log, instance) =>
            Array.from({ length: 400 }, (_, index) =>
              log.append(sampleRecord(instance * 1000 + index, people.bo)),
            ),
          ),
        );
        await Promise.all(logs.map((log) => log.close()));
        const seqs = receipts.map((receipt) => receipt.seq);
        expect(new Set(seqs).size).toBe(1200);
        const [head] = await (stores[0] as Store).query<{ size: number }>(
          'SELECT size FROM brygga_audit_head',
        );
        expect(Number(head?.size)).toBe(1200);
        expect(Math.min(...seqs)).toBe(1);
        expect(Math.max(...seqs)).toBe(1200);
        // Each instance exported to its own folder; verify against one of them and against the database.
        const report = await verifyAuditLog(stores[0] as Store, {
          trusted: keys.verifying,
          checkpointDir: join(dir.path, 'instance-1'),
        });
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await own.drop();
        dir.remove();
      }
    });
  });
} else if (process.env.CI) {
  describe('AuditLog on PostgreSQL', () => {
    it('needs BRYGGA_TEST_DATABASE_URL', () => {
      throw new Error(
        'BRYGGA_TEST_DATABASE_URL is not set: in CI the PostgreSQL audit tests must run, not skip.',
      );
    });
  });
}

describe('AuditLog.open', () => {
  it('refuses a checkpoint folder it cannot write, naming it', async () => {
    const dir = tempDir();
    const store = await openSqlite(join(dir.path, 'audit.db'));
    try {
      // A file where the folder should be: no folder can be made there, whoever runs the test.
      writeFileSync(join(dir.path, 'taken'), 'not a folder');
      const error = await openTestLog(store, testKeys(), join(dir.path, 'taken', 'checkpoints')).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: 'internal_error' });
      expect((error as Error).message).toMatch(
        /^The audit checkpoint folder .*taken\/checkpoints cannot be written \(E/,
      );
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
