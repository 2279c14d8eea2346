import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../audit/test-fixtures.ts';
import { loadConfig } from '../../config/index.ts';
import { fixtureEnv } from '../../config/test-fixtures.ts';
import { outboxRow } from '../../outbox/fixtures.test-support.ts';
import { claimDue, finishAttempt, insertOrFind } from '../../outbox/sql.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { gatewayMigrations, migrate, openStore } from '../../storage/index.ts';
import { runWithCapturedIo } from '../capture-io.test-support.ts';
import { main } from '../main.ts';

/* `brygga outbox list` and `outbox retry` on a configuration file, as an operator runs them. */

const dir = tempDir('brygga-outbox-cli-');
const configFile = join(dir.path, 'brygga.config.yaml');
const personnummer = '19121212-1212';

function cli(args: readonly string[]) {
  return runWithCapturedIo(fixtureEnv, dir.path, (io) => main([...args, '--config', configFile], io));
}

const deadId = `rcpt_${'d'.repeat(24)}`;
const pendingId = `rcpt_${'p'.repeat(24)}`;

beforeAll(async () => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    configFile,
    [
      'environment: test',
      'storage: { driver: sqlite, sqlite: { path: brygga.db } }',
      'keys:',
      '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
      '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
      '',
    ].join('\n'),
  );
  const config = await loadConfig(configFile, { env: fixtureEnv });
  expect(config.outbox).toEqual({
    pollMs: 500,
    batchSize: 20,
    maxAttempts: 20,
    maxAgeSeconds: 86_400,
    backoff: { initialMs: 500, maxMs: 60_000 },
    keepReceiptsDays: 30,
  });
  const store = await openStore(storeOptionsFromConfig(config));
  try {
    await migrate(store, gatewayMigrations);
    for (const [receiptId, now] of [
      [deadId, 1_000],
      [pendingId, 2_000],
    ] as const) {
      await insertOrFind(store, outboxRow({ receiptId, citizen: personnummer, now }));
    }
    await claimDue(store, { owner: 'x', now: 1_500, leaseUntil: 9_000, limit: 1 });
    await finishAttempt(store, {
      receiptId: deadId,
      owner: 'x',
      now: 1_600,
      step: { state: 'dead', lastError: 'gateway_timeout' },
    });
  } finally {
    await store.close();
  }
});
afterAll(() => dir.remove());

describe('brygga outbox list', () => {
  it('prints a table without personal data, and JSON on request', async () => {
    const table = await cli(['outbox', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/receipt\s+e-service\s+contract\/operation\s+state\s+attempts/);
    expect(table.stdout).toMatch(
      new RegExp(`${deadId}\\s+bygglov\\s+case-management/createCase\\s+dead\\s+1\\s+-\\s+gateway_timeout`),
    );
    expect(table.stdout).toContain(pendingId);
    expect(table.stdout).not.toContain('1212');

    const json = await cli(['outbox', 'list', '--state', 'pending', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        receiptId: pendingId,
        state: 'pending',
        nextAttemptAt: '1970-01-01T00:00:02Z',
      }),
    ]);
    expect((await cli(['outbox', 'list', '--state', 'delivered'])).stdout).toBe(
      'The outbox holds no such submissions.\n',
    );
  });

  it('refuses an unknown state or limit with exit code 2', async () => {
    expect(await cli(['outbox', 'list', '--state', 'lost'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--state'),
    });
    expect((await cli(['outbox', 'list', '--limit', '0'])).code).toBe(2);
  });
});

describe('brygga outbox retry', () => {
  it('checks its arguments before touching the database', async () => {
    expect((await cli(['outbox', 'retry'])).code).toBe(2);
    expect((await cli(['outbox', 'retry', deadId, '--all-dead'])).code).toBe(2);
    expect(await cli(['outbox', 'retry', 'not-a-receipt'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a receipt id: not-a-receipt'),
    });
  });

  it('moves dead rows back to pending and says which it left alone', async () => {
    const some = await cli(['outbox', 'retry', pendingId]);
    expect(some).toMatchObject({ code: 1, stdout: `${pendingId}: not dead (or unknown), left as it is.\n` });
    const all = await cli(['outbox', 'retry', '--all-dead']);
    expect(all).toMatchObject({ code: 0, stdout: `${deadId}: dead → pending, delivered again shortly.\n` });
    const none = await cli(['outbox', 'retry', '--all-dead']);
    expect(none.stdout).toBe('No dead submissions: nothing to retry.\n');
    expect(JSON.parse((await cli(['outbox', 'list', '--json'])).stdout)).toEqual([
      expect.objectContaining({ receiptId: deadId, state: 'pending', attempts: 0, lastError: null }),
      expect.objectContaining({ receiptId: pendingId, state: 'pending' }),
    ]);
  });
});

describe('the outbox commands on a database of another version', () => {
  it('refuse to work on a schema that is not current, and never migrate it', async () => {
    const other = tempDir('brygga-outbox-cli-old-');
    try {
      const file = join(other.path, 'brygga.config.yaml');
      const { readFileSync, writeFileSync } = await import('node:fs');
      writeFileSync(file, readFileSync(configFile, 'utf8'));
      const config = await loadConfig(file, { env: fixtureEnv });
      // A database as an older gateway left it: every migration but the last.
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        await migrate(store, gatewayMigrations.slice(0, -1));
      } finally {
        await store.close();
      }
      const last = gatewayMigrations.at(-1);
      for (const args of [
        ['outbox', 'list'],
        ['outbox', 'retry', '--all-dead'],
        ['outbox', 'discard', deadId],
      ]) {
        const run = await runWithCapturedIo(fixtureEnv, other.path, (io) =>
          main([...args, '--config', file], io),
        );
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`pending: ${last?.version} ${last?.name}`);
        expect(run.stderr).toContain('brygga db migrate');
      }
      const after = await openStore(storeOptionsFromConfig(config));
      try {
        const [row] = await after.query<{ n: number }>(
          'SELECT MAX(version) AS n FROM brygga_schema_migrations',
        );
        expect(Number(row?.n)).toBe(last ? last.version - 1 : 0);
      } finally {
        await after.close();
      }
    } finally {
      other.remove();
    }
  });
});
