import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BryggaConfig, checkConfigText, formatIssues } from '../config/index.ts';
import { fixtureEnv } from '../config/test-fixtures.ts';
import { createLogger } from '../log/index.ts';
import { gatewayMigrations } from '../storage/index.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-runtime-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sqliteConfig(database: string): BryggaConfig {
  const text = [
    'environment: test',
    'businessSystems:',
    '  - id: arende',
    '    name: Ärendehantering',
    '    owner: Stadsbyggnadsförvaltningen',
    '    adapter: "@brygga/adapter-case-management"',
    '    baseUrl: https://arende.intern.exempel.se',
    '    credentials: { type: apiKey, key: { env: BRYGGA_ARENDE_API_KEY } }',
    'storage:',
    '  driver: sqlite',
    `  sqlite: { path: ${database} }`,
    'keys:',
    '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
  ].join('\n');
  const result = checkConfigText(text, { filePath: join(dir, 'brygga.config.yaml'), env: fixtureEnv });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

const logger = createLogger({ level: 'silent' });

describe('startGateway on SQLite', () => {
  let gateway: RunningGateway | undefined;
  afterAll(async () => {
    await gateway?.close('test over');
  });

  it('serves readiness with the database check and the landing page, and close() closes the store', async () => {
    const probed: string[] = [];
    gateway = await startGateway(sqliteConfig('first.db'), {
      logger,
      port: 0,
      probe: async (url) => {
        probed.push(url);
        return true;
      },
    });
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.url).not.toMatch(/:0$/);

    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: [
        { name: 'database', status: 'ok' },
        { name: 'audit', status: 'ok' },
      ],
    });

    const home = await fetch(`${gateway.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toContain('Ärendehantering');
    // The injected probe is the one used, so a test never reaches out to a configured address.
    expect(probed).toEqual(['https://arende.intern.exempel.se']);

    const { store } = gateway;
    await expect(store.ping()).resolves.toBeUndefined();
    await gateway.close('test');
    await expect(store.ping()).rejects.toMatchObject({ code: 'shutting_down' });
    await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
    gateway = undefined;
  });

  it('migrates a new database, and keeps its instance id and schema across restarts', async () => {
    const config = sqliteConfig('restart.db');
    const first = await startGateway(config, { logger, port: 0, probe: async () => true });
    const versions = await first.store.query<{ version: number }>(
      'SELECT version FROM brygga_schema_migrations ORDER BY version',
    );
    await first.close();
    expect(versions.map((row) => row.version)).toEqual(
      gatewayMigrations.map((migration) => migration.version),
    );

    const second = await startGateway(config, { logger, port: 0, probe: async () => true });
    try {
      expect(second.instanceId).toBe(first.instanceId);
      expect(await second.store.query('SELECT version FROM brygga_schema_migrations')).toHaveLength(
        gatewayMigrations.length,
      );
    } finally {
      await second.close();
    }
  });

  // Open files are read from /proc: the one place a leaked SQLite handle shows without reaching into the store.
  it.runIf(existsSync('/proc/self/fd'))('closes the store when it cannot listen', async () => {
    gateway = await startGateway(sqliteConfig('busy-a.db'), { logger, port: 0, probe: async () => true });
    const port = Number(new URL(gateway.url).port);
    const failure = await startGateway(sqliteConfig('busy-b.db'), {
      logger,
      port,
      probe: async () => true,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'EADDRINUSE' });
    expect(openFiles().some((file) => file.startsWith(join(dir, 'busy-a.db')))).toBe(true);
    expect(openFiles().filter((file) => file.startsWith(join(dir, 'busy-b.db')))).toEqual([]);
  });
});

function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // closed between listing and reading
    }
  });
}
