/**
 * The writer of the kill -9 test (crash.test.ts): appends records as fast as it can, with many in flight,
 * and prints `seq leafHash` for each one only after `append` resolved (the acknowledgement a client sees).
 * It never stops by itself; the test kills it with SIGKILL. Not part of the gateway.
 *
 *   node crash-child.ts <sqlite path | postgres URL> <checkpoint dir>
 *   env: AUDIT_TEST_HMAC_KEY, AUDIT_TEST_SIGNING_KEY (PKCS#8 PEM), AUDIT_TEST_ORIGIN_NOTE (unused)
 */
import { createPublicKey } from 'node:crypto';
import { ensureInstance, gatewayMigrations, migrate, openStore } from '../storage/index.ts';
import { AuditLog } from './audit-log.ts';
import { parseSigningKey } from './keys.ts';
import { sampleRecord, testPurposes } from './test-fixtures.ts';

const [target = '', checkpointDir = ''] = process.argv.slice(2);
const store = await openStore(
  target.startsWith('postgres')
    ? { driver: 'postgres', connectionString: target }
    : { driver: 'sqlite', path: target },
);
await migrate(store, gatewayMigrations);
const privateKey = parseSigningKey(process.env.AUDIT_TEST_SIGNING_KEY ?? '');
const subject = { keyId: 'audit-1', secret: process.env.AUDIT_TEST_HMAC_KEY ?? '' };
const log = await AuditLog.open({
  store,
  keys: {
    subject,
    subjectKeys: [subject],
    signing: { keyId: 'checkpoint-1', privateKey },
    verifying: new Map([['checkpoint-1', createPublicKey(privateKey)]]),
  },
  purposes: testPurposes,
  origin: (await ensureInstance(store)).id,
  checkpointDir,
  checkpoints: { every: 500, seconds: 3600 },
  maxBatch: 200,
});

let index = 0;
async function worker(): Promise<void> {
  for (;;) {
    const receipt = await log.append(sampleRecord(index++));
    process.stdout.write(`${receipt.seq} ${receipt.leafHash}\n`);
  }
}
await Promise.all(Array.from({ length: 64 }, worker));
