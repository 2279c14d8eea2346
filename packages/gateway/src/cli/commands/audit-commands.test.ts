import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../audit/index.ts';
import { people, sampleRecord, tempDir } from '../../audit/test-fixtures.ts';
import { loadConfig } from '../../config/index.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { gatewayMigrations, migrate, openStore } from '../../storage/index.ts';
import type { CliIo } from '../command.ts';
import { main } from '../main.ts';

/*
 * `brygga audit verify`, `audit prune` and `keys rotate` end to end on a configuration file: records are
 * written through the configured log, then the commands run as an operator would run them.
 */

const dir = tempDir('brygga-audit-cli-');
const env: Record<string, string> = {
  AUDIT_HMAC: randomBytes(32).toString('base64url'),
  CHECKPOINT_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
};

function configText(keys: string[] = defaultKeys): string {
  return [
    'environment: test',
    'purposes:',
    '  - id: handlagga-bygglov',
    '    purpose: { sv: Handlägga bygglov., en: Process building permits. }',
    '    legalBasis: { article: 6(1)(e), reference: Plan- och bygglagen (2010:900) }',
    '    dataCategories: [personnummer, namn]',
    '    dataSubjectCategories: [sökande]',
    '    retentionClass: tva-ar',
    'retentionClasses:',
    '  - { id: tva-ar, duration: P2Y, description: Gallras efter två år. }',
    'storage: { driver: sqlite, sqlite: { path: data/brygga.db } }',
    'audit: { checkpointDir: checkpoints, checkpointEvery: 10 }',
    'keys:',
    ...keys,
    '',
  ].join('\n');
}
const defaultKeys = [
  '  auditHmac: { keyId: audit-1, key: { env: AUDIT_HMAC } }',
  '  checkpointSigning: { keyId: checkpoint-1, key: { env: CHECKPOINT_KEY } }',
];
const configFile = join(dir.path, 'brygga.config.yaml');

async function cli(args: readonly string[], extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { ...env, ...extraEnv },
    cwd: dir.path,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function appendRecords(times: readonly string[], extraEnv: Record<string, string> = {}) {
  const config = await loadConfig(configFile, { env: { ...env, ...extraEnv } });
  const store = await openStore(storeOptionsFromConfig(config));
  await migrate(store, gatewayMigrations);
  const log = await openAuditLog(store, config);
  try {
    for (const [index, time] of times.entries()) {
      await log.append({ ...sampleRecord(index, people.anna), time: new Date(time) });
    }
  } finally {
    await log.close();
    await store.close();
  }
}

beforeAll(async () => {
  writeFileSync(configFile, configText());
  await appendRecords(
    Array.from({ length: 25 }, (_, index) => `2022-01-${String(index + 1).padStart(2, '0')}T10:00:00Z`),
  );
});
afterAll(() => dir.remove());

describe('brygga audit verify', () => {
  it('says the log is intact and exits 0', async () => {
    const run = await cli(['audit', 'verify', '--config', configFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^The audit log is intact: 25 record\(s\), 3 signed checkpoint\(s\) \(keys: checkpoint-1\), 3 exported/,
    );
  });

  it('names the first bad sequence number and exits 1 when a record was changed', async () => {
    const database = join(dir.path, 'data/brygga.db');
    const store = await openStore({ driver: 'sqlite', path: database });
    await store.execute(
      "UPDATE brygga_audit_records SET payload = replace(payload, 'req-', 'xyz-') WHERE seq = 17",
    );
    try {
      const run = await cli(['audit', 'verify', '--config', configFile]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/THE AUDIT LOG HAS BEEN TAMPERED WITH\. First bad sequence number: 17\./);
      expect(run.stderr).toContain('seq 17: record 17 does not match its leaf hash');
      // The exported checkpoints are read from another folder when told to: an empty one proves nothing.
      const elsewhere = await cli(['audit', 'verify', '--config', configFile, '--checkpoints', 'nowhere']);
      expect(elsewhere.code).toBe(1);
    } finally {
      await store.execute(
        "UPDATE brygga_audit_records SET payload = replace(payload, 'xyz-', 'req-') WHERE seq = 17",
      );
      await store.close();
    }
    expect((await cli(['audit', 'verify', '--config', configFile])).code).toBe(0);
  });
});

describe('brygga keys rotate', () => {
  it('refuses an unknown key kind', async () => {
    const run = await cli(['keys', 'rotate', '--key', 'database', '--config', configFile]);
    expect(run.code).toBe(2);
  });

  it('prints a new signing key and the config change; old checkpoints still verify after it is applied', async () => {
    const run = await cli([
      'keys',
      'rotate',
      '--key',
      'checkpoint-signing',
      '--config',
      configFile,
      '--key-id',
      'checkpoint-2',
      '--env',
      'CHECKPOINT_KEY_2',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Brygga cannot set environment variables or write to your secret');
    const pem = /(-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----)/.exec(run.stdout)?.[1];
    const previous = /- \{ keyId: checkpoint-1, publicKey: ([A-Za-z0-9_-]{43}) \}/.exec(run.stdout)?.[1];
    expect(pem).toBeDefined();
    expect(previous).toBeDefined();
    expect(run.stdout).toContain(
      '    keyId: checkpoint-2\n    key: { env: CHECKPOINT_KEY_2 }\n    previous:\n',
    );
    const rotatedEnv = { CHECKPOINT_KEY_2: (pem ?? '').replaceAll(/\n\s+/g, '\n') };
    writeFileSync(
      configFile,
      configText([
        defaultKeys[0] as string,
        '  checkpointSigning:',
        '    keyId: checkpoint-2',
        '    key: { env: CHECKPOINT_KEY_2 }',
        `    previous: [{ keyId: checkpoint-1, publicKey: ${previous} }]`,
      ]),
    );
    await appendRecords(['2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z'], rotatedEnv);
    const verify = await cli(['audit', 'verify', '--config', configFile], rotatedEnv);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toContain('(keys: checkpoint-1, checkpoint-2)');
    env.CHECKPOINT_KEY_2 = rotatedEnv.CHECKPOINT_KEY_2;
  });

  it('prints a new HMAC key and the config change that keeps old records findable', async () => {
    const run = await cli(['keys', 'rotate', '--key', 'audit-hmac', '--config', configFile]);
    expect(run.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(run.stdout).toContain(
      `    keyId: audit-${today}\n    key: { env: AUDIT_HMAC_${today.replaceAll('-', '')} }`,
    );
    expect(run.stdout).toContain('      - { keyId: audit-1, key: { env: AUDIT_HMAC } }');
    expect(run.stdout).toContain('Keep AUDIT_HMAC set as it is');
  });
});

describe('brygga audit prune', () => {
  it('prunes what the retention class allows, records it, and the log still verifies', async () => {
    const run = await cli(['audit', 'prune', '--config', configFile, '--now', '2024-01-10']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Two years before 2024-01-10: the records of 1 to 9 January 2022.
    expect(run.stdout).toBe(
      'tva-ar: 9 record(s) made before 2022-01-10T00:00:00.000Z pruned, recorded as sequence number 28.\n',
    );
    const verify = await cli(['audit', 'verify', '--config', configFile]);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/28 record\(s\) \(9 pruned\)/);
    expect((await cli(['audit', 'prune', '--now', 'yesterday', '--config', configFile])).code).toBe(2);
  });
});
