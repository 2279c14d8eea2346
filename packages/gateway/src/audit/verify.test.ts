import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../storage/index.ts';
import { gatewayMigrations, migrate, openStore } from '../storage/index.ts';
import { checkpointDocument, checkpointHash, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import type { AuditKeys } from './keys.ts';
import { chainGenesis, chainNext, decodeHash, encodeHash, leafHash, MerkleFrontier } from './merkle.ts';
import {
  createPostgresDatabase,
  openSqlite,
  openTestLog,
  people,
  postgresAdminUrl,
  sampleRecord,
  signingKeyPair,
  tempDir,
  testKeys,
} from './test-fixtures.ts';
import { type RunCounts, verifyAuditLogReading, verifyThreadFaults } from './verify-log.ts';

/*
 * Tampering, each kind on a fresh copy of one log of 1000 records with a checkpoint every 100 (and the
 * exported files of all of them). Some kinds are caught by the database alone; a truncation or a rollback
 * made consistent by someone who can write the database is caught only through the exported checkpoints.
 */

const total = 1000;
let base: ReturnType<typeof tempDir>;
let keys: AuditKeys;

beforeAll(async () => {
  base = tempDir('brygga-verify-');
  keys = testKeys();
  const store = await openSqlite(join(base.path, 'audit.db'));
  const log = await openTestLog(store, keys, join(base.path, 'checkpoints'), {
    checkpoints: { every: 100, seconds: 3600 },
    maxBatch: 100,
  });
  const people_ = [people.anna, people.bo, people.cecilia];
  for (let start = 0; start < total; start += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        log.append(sampleRecord(start + index, people_[(start + index) % 3] as string)),
      ),
    );
    // A copy as the database stood at 700 records: an old backup to restore later.
    if (start + 100 === 700) {
      await log.flush();
      await store.executeScript('PRAGMA wal_checkpoint(TRUNCATE)');
      copyFileSync(join(base.path, 'audit.db'), join(base.path, 'audit-at-700.db'));
    }
  }
  await log.close();
  await store.close();
});

afterAll(() => {
  base.remove();
});

interface Copy {
  store: Store;
  checkpoints: string;
  done(): Promise<void>;
}

async function freshCopy(database = 'audit.db'): Promise<Copy> {
  const dir = tempDir('brygga-tamper-');
  copyFileSync(join(base.path, database), join(dir.path, 'audit.db'));
  cpSync(join(base.path, 'checkpoints'), join(dir.path, 'checkpoints'), { recursive: true });
  const store = await openSqlite(join(dir.path, 'audit.db'));
  return {
    store,
    checkpoints: join(dir.path, 'checkpoints'),
    done: async () => {
      await store.close();
      dir.remove();
    },
  };
}

/**
 * Every tampering case runs with no threads, with two that read their own runs and with two that are handed
 * runs read here (as on PostgreSQL): all must agree. With checkpoints every 100 the runs are records 1–100,
 * 101–200, ..., taken by the threads in turn, so 101–200 is the second thread's.
 */
let workers = 0;
let reading: 'threads' | 'this thread' = 'threads';
let counts: RunCounts = { threaded: 0, recordByRecord: 0 };

async function verify(copy: Copy, options: { files?: boolean; trusted?: AuditKeys['verifying'] } = {}) {
  counts = { threaded: 0, recordByRecord: 0 };
  return verifyAuditLogReading(
    copy.store,
    {
      trusted: options.trusted ?? keys.verifying,
      checkpointDir: options.files === false ? undefined : copy.checkpoints,
      pageSize: 128,
      workers,
    },
    reading,
    counts,
  );
}

/**
 * What someone with write access to the database (and, for `signWith`, a signing key of their own) does to
 * hide a change: recompute every leaf, chain hash, checkpoint and the head from `fromSeq` on.
 */
async function rewriteFrom(
  store: Store,
  fromSeq: number,
  signWith?: { keyId: string; privateKey: AuditKeys['signing']['privateKey'] },
) {
  const rows = await store.query<{ seq: number; payload: string | null; leaf_hash: string }>(
    'SELECT seq, payload, leaf_hash FROM brygga_audit_records ORDER BY seq',
  );
  const checkpoints = await store.query<{ tree_size: number; document: string }>(
    'SELECT tree_size, document FROM brygga_audit_checkpoints ORDER BY tree_size',
  );
  const sizes = new Map(checkpoints.map((row) => [Number(row.tree_size), parseCheckpoint(row.document)]));
  const frontier = new MerkleFrontier();
  let chain = chainGenesis;
  let previousHash: string | null = null;
  let lastCheckpoint: { size: number; hash: string; time: string } | undefined;
  for (const row of rows) {
    const seq = Number(row.seq);
    const leaf = row.payload === null ? decodeHash(row.leaf_hash) : leafHash(row.payload);
    chain = chainNext(chain, leaf);
    frontier.push(leaf);
    if (seq >= fromSeq) {
      await store.execute('UPDATE brygga_audit_records SET leaf_hash = $1, chain_hash = $2 WHERE seq = $3', [
        encodeHash(leaf),
        encodeHash(chain),
        seq,
      ]);
    }
    const old = sizes.get(seq);
    if (old) {
      let checkpoint = old;
      if (seq >= fromSeq) {
        const body = {
          ...old,
          root: encodeHash(frontier.root()),
          chainHead: encodeHash(chain),
          previous: previousHash,
        };
        checkpoint = signCheckpoint(
          { ...body, keyId: signWith?.keyId ?? old.keyId },
          signWith?.privateKey ?? keys.signing.privateKey,
        );
        await store.execute(
          'UPDATE brygga_audit_checkpoints SET document = $1, hash = $2 WHERE tree_size = $3',
          [checkpointDocument(checkpoint), checkpointHash(checkpoint), seq],
        );
      }
      previousHash = checkpointHash(checkpoint);
      lastCheckpoint = { size: seq, hash: previousHash, time: checkpoint.time };
    }
  }
  await store.execute(
    `UPDATE brygga_audit_head SET size = $1, chain_head = $2, frontier = $3, checkpoint_size = $4,
       checkpoint_hash = $5, checkpoint_time = $6`,
    [
      rows.length,
      encodeHash(chain),
      frontier.hashes.map(encodeHash).join('.'),
      lastCheckpoint?.size ?? 0,
      lastCheckpoint?.hash ?? null,
      lastCheckpoint?.time ?? null,
    ],
  );
}

describe.each([
  [0, 'threads'],
  [2, 'threads'],
  [2, 'this thread'],
] as const)('audit verify, %i worker threads, records read by %s', (threads, reader) => {
  beforeAll(() => {
    workers = threads;
    reading = reader;
  });

  it('passes an untouched log, with and without the exported checkpoints', async () => {
    const copy = await freshCopy();
    try {
      const report = await verify(copy);
      expect(report).toMatchObject({
        ok: true,
        records: total,
        checkpoints: 10,
        exportedFiles: 10,
        unexported: 0,
      });
      expect(report.problems).toEqual([]);
      // The threads checked every run (none fell back to the record-by-record pass).
      expect(counts).toEqual(
        threads === 0 ? { threaded: 0, recordByRecord: 0 } : { threaded: 10, recordByRecord: 0 },
      );
      expect((await verify(copy, { files: false })).ok).toBe(true);
    } finally {
      await copy.done();
    }
  });

  it('names the record whose byte was flipped', async () => {
    const copy = await freshCopy();
    try {
      const [row] = await copy.store.query<{ payload: string }>(
        'SELECT payload FROM brygga_audit_records WHERE seq = 437',
      );
      const payload = row?.payload ?? '';
      const at = payload.indexOf('getCase') + 1;
      const flipped =
        payload.slice(0, at) + String.fromCharCode(payload.charCodeAt(at) ^ 1) + payload.slice(at + 1);
      await copy.store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 437', [flipped]);
      const report = await verify(copy);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(437);
      expect(report.problems[0]?.message).toMatch(/record 437 does not match its leaf hash/);
    } finally {
      await copy.done();
    }
  });

  it('names a deleted record', async () => {
    const copy = await freshCopy();
    try {
      await copy.store.execute('DELETE FROM brygga_audit_records WHERE seq = 500');
      const report = await verify(copy);
      expect(report.firstBadSeq).toBe(500);
      expect(report.problems[0]?.message).toBe('record 500 is missing (deleted?)');
    } finally {
      await copy.done();
    }
  });

  it('names the first of two swapped records', async () => {
    const copy = await freshCopy();
    try {
      const columns = 'time, subject_ref, subject_key_id, purpose_id, payload, leaf_hash, chain_hash';
      const rows = await copy.store.query<Record<string, string>>(
        `SELECT seq, ${columns} FROM brygga_audit_records WHERE seq IN (600, 601) ORDER BY seq`,
      );
      const set = columns
        .split(', ')
        .map((column, index) => `${column} = $${index + 1}`)
        .join(', ');
      const values = (row: Record<string, string> | undefined) =>
        columns.split(', ').map((column) => row?.[column] ?? null);
      await copy.store.execute(`UPDATE brygga_audit_records SET ${set} WHERE seq = 600`, values(rows[1]));
      await copy.store.execute(`UPDATE brygga_audit_records SET ${set} WHERE seq = 601`, values(rows[0]));
      const report = await verify(copy, { files: false });
      expect(report.firstBadSeq).toBe(600);
    } finally {
      await copy.done();
    }
  });

  it('names the first missing record when the tail is cut, and through the files when the cut was covered up', async () => {
    const lazy = await freshCopy();
    try {
      await lazy.store.execute('DELETE FROM brygga_audit_records WHERE seq > 950');
      const report = await verify(lazy, { files: false });
      expect(report.firstBadSeq).toBe(951);
    } finally {
      await lazy.done();
    }
    const careful = await freshCopy();
    try {
      await careful.store.execute('DELETE FROM brygga_audit_records WHERE seq > 950');
      await careful.store.execute('DELETE FROM brygga_audit_checkpoints WHERE tree_size > 950');
      await rewriteFrom(careful.store, 951);
      // The database alone now looks whole...
      expect((await verify(careful, { files: false })).ok).toBe(true);
      // ...but the exported checkpoints vouch for 1000 records.
      const report = await verify(careful);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(951);
    } finally {
      await careful.done();
    }
  });

  it('catches a replaced segment re-signed with another key, through the files even when that key is trusted', async () => {
    const copy = await freshCopy();
    try {
      const rows = await copy.store.query<{ seq: number; payload: string }>(
        'SELECT seq, payload FROM brygga_audit_records WHERE seq BETWEEN 305 AND 320',
      );
      for (const row of rows) {
        await copy.store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = $2', [
          row.payload
            .replace('"operation":"getCase"', '"operation":"nothing"')
            .replace('"operation":"listCases"', '"operation":"nothing"'),
          row.seq,
        ]);
      }
      const intruder = { keyId: 'intruder', ...signingKeyPair() };
      await rewriteFrom(copy.store, 305, intruder);
      // Against the configured keys the re-signed checkpoints fail at once.
      const strict = await verify(copy, { files: false });
      expect(strict.ok).toBe(false);
      expect(strict.firstBadSeq).toBe(301);
      // An intruder who also made the verifier trust their key is still caught by the exported checkpoints.
      const trusted = new Map([...keys.verifying, [intruder.keyId, intruder.publicKey]]);
      expect((await verify(copy, { files: false, trusted })).ok).toBe(true);
      const report = await verify(copy, { trusted });
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(301);
      expect(
        report.problems.some((problem) =>
          /records 301 to 400 do not match the .*exported checkpoint/.test(problem.message),
        ),
      ).toBe(true);
    } finally {
      await copy.done();
    }
  });

  it('catches a database restored from an older copy only through the exported checkpoints', async () => {
    const copy = await freshCopy('audit-at-700.db');
    try {
      expect((await verify(copy, { files: false })).ok).toBe(true);
      const report = await verify(copy);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(701);
      expect(report.problems.at(-1)?.message).toMatch(/vouches for 1000 records but the log ends at 700/);
    } finally {
      await copy.done();
    }
  });

  it('names the record whose lookup column was moved to another person', async () => {
    const copy = await freshCopy();
    try {
      const [other] = await copy.store.query<{ subject_ref: string }>(
        'SELECT subject_ref FROM brygga_audit_records WHERE seq = 2',
      );
      await copy.store.execute('UPDATE brygga_audit_records SET subject_ref = $1 WHERE seq = 1', [
        other?.subject_ref ?? '',
      ]);
      const report = await verify(copy, { files: false });
      expect(report.firstBadSeq).toBe(1);
      expect(report.problems[0]?.message).toMatch(/record 1's columns/);
    } finally {
      await copy.done();
    }
  });

  it('names the record whose lookup column is no reference at all, instead of failing', async () => {
    const copy = await freshCopy();
    try {
      await copy.store.execute(
        "UPDATE brygga_audit_records SET subject_ref = 'not.a.reference' WHERE seq = 150",
      );
      const report = await verify(copy, { files: false });
      expect(report.firstBadSeq).toBe(150);
      expect(report.problems[0]?.message).toMatch(/record 150's columns/);
    } finally {
      await copy.done();
    }
  });

  it('names the record whose purpose column was changed, which pruning selects by', async () => {
    const copy = await freshCopy();
    try {
      await copy.store.execute(
        "UPDATE brygga_audit_records SET purpose_id = 'brygga-gallring' WHERE seq = 321",
      );
      const report = await verify(copy, { files: false });
      expect(report.firstBadSeq).toBe(321);
      expect(report.problems[0]?.message).toMatch(/record 321's columns \(seq, time, subject or purpose\)/);
    } finally {
      await copy.done();
    }
  });

  it('refuses an exported checkpoint file that was altered', async () => {
    const copy = await freshCopy();
    try {
      const file = join(copy.checkpoints, 'checkpoint-0000000000000500.json');
      const checkpoint = parseCheckpoint(readFileSync(file, 'utf8'));
      writeFileSync(
        file,
        checkpointDocument({ ...checkpoint, treeSize: 500, time: '2020-01-01T00:00:00.000Z' }),
      );
      const report = await verify(copy);
      expect(report.ok).toBe(false);
      expect(report.problems.map((problem) => problem.message)).toContain(
        'exported checkpoint checkpoint-0000000000000500.json has an invalid signature',
      );
    } finally {
      await copy.done();
    }
  });
  it('names a changed record at the start of a run, and the one after a changed chain hash at its end', async () => {
    const copy = await freshCopy();
    try {
      const [row] = await copy.store.query<{ payload: string }>(
        'SELECT payload FROM brygga_audit_records WHERE seq = 101',
      );
      await copy.store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 101', [
        (row?.payload ?? '').replace('"status":"success"', '"status":"failure"'),
      ]);
      const first = await verify(copy, { files: false });
      expect(first.firstBadSeq).toBe(101);
      // Only that run was checked again here.
      if (threads > 0) expect(counts).toEqual({ threaded: 9, recordByRecord: 1 });
      expect(first.problems[0]?.message).toMatch(/record 101 does not match its leaf hash/);
    } finally {
      await copy.done();
    }
    const chain = await freshCopy();
    try {
      // The last record of a run: its own link breaks, and the next run starts from the stored (bad) hash.
      await chain.store.execute(
        "UPDATE brygga_audit_records SET chain_hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE seq = 200",
      );
      const report = await verify(chain, { files: false });
      expect(report.firstBadSeq).toBe(200);
      expect(report.problems[0]?.message).toMatch(/record 200's chain hash does not follow/);
      expect(report.records).toBe(total);
    } finally {
      await chain.done();
    }
  });

  it('passes pruned records across a run boundary, and names a pruned record whose leaf hash was changed', async () => {
    const copy = await freshCopy();
    const prune = `UPDATE brygga_audit_records SET payload = NULL, purpose_id = NULL, time = substr(time, 1, 10),
        pruned_at = '2030-01-01T00:00:00.000Z', pruned_under = 'kort' WHERE seq BETWEEN 150 AND 260`;
    try {
      await copy.store.execute(prune);
      const report = await verify(copy);
      expect(report).toMatchObject({ ok: true, records: total, pruned: 111 });
      if (threads > 0) expect(counts).toEqual({ threaded: 10, recordByRecord: 0 });
      await copy.store.execute(
        "UPDATE brygga_audit_records SET leaf_hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE seq = 230",
      );
      const changed = await verify(copy, { files: false });
      expect(changed.firstBadSeq).toBe(230);
      expect(changed.problems[0]?.message).toMatch(/record 230's chain hash does not follow/);
    } finally {
      await copy.done();
    }
  });
});

describe('audit verify when its threads crash', () => {
  afterEach(() => {
    verifyThreadFaults.crashAtRun = undefined;
  });

  it.each(['threads', 'this thread'] as const)(
    "with records read by %s, checks the crashed threads' runs record by record and reports the same",
    async (reader) => {
      // Each of the two threads crashes on its second run (runs 3 and 4): from then on no thread is left.
      verifyThreadFaults.crashAtRun = 2;
      workers = 2;
      reading = reader;
      const copy = await freshCopy();
      try {
        const report = await verify(copy);
        expect(report).toMatchObject({ ok: true, records: total, checkpoints: 10, exportedFiles: 10 });
        expect(report.problems).toEqual([]);
        expect(counts.threaded + counts.recordByRecord).toBe(10);
        expect(counts.threaded).toBeLessThanOrEqual(2);
        const [row] = await copy.store.query<{ payload: string }>(
          'SELECT payload FROM brygga_audit_records WHERE seq = 437',
        );
        await copy.store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 437', [
          (row?.payload ?? '').replace('getCase', 'getCasf'),
        ]);
        const changed = await verify(copy);
        expect(changed.ok).toBe(false);
        expect(changed.firstBadSeq).toBe(437);
        expect(changed.problems[0]?.message).toMatch(/record 437 does not match its leaf hash/);
      } finally {
        await copy.done();
      }
    },
  );
});

describe.skipIf(!postgresAdminUrl)('audit verify on PostgreSQL', () => {
  it('passes a log with threads hashing the runs read here, and names a changed record', async () => {
    const database = await createPostgresDatabase();
    const dir = tempDir('brygga-verify-pg-');
    const store = await openStore({ driver: 'postgres', connectionString: database.url, poolMax: 4 });
    try {
      await migrate(store, gatewayMigrations);
      const pgKeys = testKeys();
      const log = await openTestLog(store, pgKeys, join(dir.path, 'checkpoints'), { maxBatch: 100 });
      await Promise.all(Array.from({ length: 300 }, (_, index) => log.append(sampleRecord(index))));
      await log.close();
      const run = async (threads: number) => {
        const runs: RunCounts = { threaded: 0, recordByRecord: 0 };
        const options = {
          trusted: pgKeys.verifying,
          checkpointDir: join(dir.path, 'checkpoints'),
          workers: threads,
        };
        return { report: await verifyAuditLogReading(store, options, 'threads', runs), runs };
      };
      expect((await run(0)).report).toMatchObject({ ok: true, records: 300 });
      const threaded = await run(2);
      expect(threaded.report).toMatchObject({ ok: true, records: 300 });
      expect(threaded.runs.recordByRecord).toBe(0);
      expect(threaded.runs.threaded).toBeGreaterThan(1);
      await store.execute(
        `UPDATE brygga_audit_records SET payload = replace(payload, '"status":"success"', '"status":"failure"')
          WHERE seq = 222`,
      );
      for (const threads of [0, 2]) {
        const { report } = await run(threads);
        expect(report.firstBadSeq).toBe(222);
        expect(report.problems[0]?.message).toMatch(/record 222 does not match its leaf hash/);
      }
    } finally {
      await store.close();
      await database.drop();
      dir.remove();
    }
  });
});
