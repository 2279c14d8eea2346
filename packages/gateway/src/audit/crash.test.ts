import { type ChildProcess, spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../storage/index.ts';
import { parseSigningKey } from './keys.ts';
import {
  createPostgresDatabase,
  openSqlite,
  openTestLog,
  postgresAdminUrl,
  sampleRecord,
  tempDir,
} from './test-fixtures.ts';
import { verifyAuditLog } from './verify-log.ts';

/*
 * kill -9 under load: a child process appends with 64 records in flight and prints each acknowledgement;
 * once enough have been seen it is killed with SIGKILL, mid-batch. After a restart every acknowledged
 * record must be there, unchanged, and the log must verify, checkpoint files included.
 */

const signingPem = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const hmacKey = randomBytes(32).toString('base64url');
const privateKey = parseSigningKey(signingPem);
const keys = {
  subject: { keyId: 'audit-1', secret: hmacKey },
  subjectKeys: [{ keyId: 'audit-1', secret: hmacKey }],
  signing: { keyId: 'checkpoint-1', privateKey },
  verifying: new Map([['checkpoint-1', createPublicKey(privateKey)]]),
};

async function runAndKill(target: string, checkpointDir: string, acknowledgements: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, 'crash-child.ts'), target, checkpointDir],
    {
      env: { ...process.env, AUDIT_TEST_HMAC_KEY: hmacKey, AUDIT_TEST_SIGNING_KEY: signingPem },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked = new Map<number, string>();
  let buffered = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the child acknowledged only ${acked.size}: ${stderr}`)),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [seq, leaf] = line.split(' ');
        acked.set(Number(seq), leaf ?? '');
      }
      if (acked.size >= acknowledgements) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (acked.size < acknowledgements) reject(new Error(`the child exited early: ${stderr}`));
    });
  });
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');
  return acked;
}

async function checkAfterRestart(store: Store, checkpointDir: string, acked: Map<number, string>) {
  // The restart: opening the log exports any checkpoint the crash left unexported, then it goes on appending.
  const log = await openTestLog(store, keys, checkpointDir, { checkpoints: { every: 500, seconds: 3600 } });
  const receipt = await log.append(sampleRecord(0));
  await log.close();
  const rows = await store.query<{ seq: number; leaf_hash: string }>(
    'SELECT seq, leaf_hash FROM brygga_audit_records ORDER BY seq',
  );
  const stored = new Map(rows.map((row) => [Number(row.seq), row.leaf_hash]));
  const missing = [...acked].filter(([seq, leaf]) => stored.get(seq) !== leaf);
  expect(missing).toEqual([]);
  expect(receipt.seq).toBe(rows.length);
  const report = await verifyAuditLog(store, { trusted: keys.verifying, checkpointDir });
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.exportedFiles).toBeGreaterThan(0);
}

describe('kill -9 while appending', () => {
  const dir = tempDir('brygga-crash-');
  afterAll(() => dir.remove());

  // Bounded by the child's own 30 s limit; a loaded machine takes more than vitest's default 5 s to spawn the
  // child, collect its acknowledgements, restart and verify.
  it('on SQLite: every acknowledged record survives and the log verifies', { timeout: 60_000 }, async () => {
    const database = join(dir.path, 'audit.db');
    const checkpoints = join(dir.path, 'sqlite-checkpoints');
    const acked = await runAndKill(database, checkpoints, 3000);
    const store = await openSqlite(database);
    try {
      await checkAfterRestart(store, checkpoints, acked);
    } finally {
      await store.close();
    }
  });

  it.runIf(postgresAdminUrl)(
    'on PostgreSQL: every acknowledged record survives and the log verifies',
    { timeout: 60_000 },
    async () => {
      const database = await createPostgresDatabase();
      const checkpoints = join(dir.path, 'postgres-checkpoints');
      try {
        const acked = await runAndKill(database.url, checkpoints, 3000);
        const store = await openStore({ driver: 'postgres', connectionString: database.url });
        try {
          await checkAfterRestart(store, checkpoints, acked);
        } finally {
          await store.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
