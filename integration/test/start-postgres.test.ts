import { createThrowawayDatabase, type ThrowawayDatabase } from '@brygga/gateway/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  baseEnv,
  describeWith,
  exitWithin,
  freePort,
  gatewayConfig,
  gatewaySecrets,
  makeTempDir,
  ProcessGroup,
  type RunningGatewayProcess,
  runCli,
  startGatewayProcess,
  type TempDir,
  waitForOutput,
} from '../src/index.ts';

const adminUrl = process.env.BRYGGA_TEST_DATABASE_URL;

describeWith(
  {
    name: 'PostgreSQL',
    available: adminUrl !== undefined && adminUrl !== '',
    howTo:
      'Set BRYGGA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a fresh database is created and dropped).',
  },
  'brygga start on PostgreSQL (a child process)',
  () => {
    const group = new ProcessGroup();
    let dir: TempDir;
    // A database of its own, so runs never see each other's data.
    let database: ThrowawayDatabase | undefined;
    let databaseUrl: string;
    let configFile: string;
    let gateway: RunningGatewayProcess;
    let env: Record<string, string>;

    beforeAll(async () => {
      dir = makeTempDir('brygga-start-postgres');
      database = await createThrowawayDatabase(adminUrl ?? '', 'brygga_it');
      databaseUrl = database.url;
      env = { ...baseEnv(), ...gatewaySecrets, BRYGGA_DATABASE_URL: databaseUrl };
      const port = await freePort();
      configFile = dir.write('brygga.config.yaml', gatewayConfig({ port, storage: { driver: 'postgres' } }));
      gateway = await startGatewayProcess(group, { configFile, port, cwd: dir.path, env });
    });
    afterAll(async () => {
      await group.stopAll();
      dir?.remove();
      await database?.drop();
    });

    it('is ready with its database', async () => {
      const response = await fetch(`${gateway.url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: [
          { name: 'database', status: 'ok' },
          { name: 'audit', status: 'ok' },
        ],
      });
      const ready = /"driver":"postgres".*"msg":"database ready"/;
      expect(await waitForOutput(() => gateway.proc.output().stdout, ready)).toMatch(ready);
    });

    it('brygga db migrate --status says the database it migrated is up to date', async () => {
      const result = await runCli(group, ['db', 'migrate', '--status', '--config', configFile], {
        cwd: dir.path,
        env,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Database \(postgres\) is at version \d+, up to date\.$/m);
      expect(result.stdout).toMatch(/^ {2}applied {2}1 instance$/m);
      expect(result.stdout).not.toContain('pending');
      // The connection string (which may hold a password) is never printed.
      expect(result.stdout).not.toContain(databaseUrl);
    });

    it('stops on SIGTERM with exit 0', async () => {
      gateway.proc.child.kill('SIGTERM');
      expect(await exitWithin(gateway.proc, 15_000, 'brygga start after SIGTERM')).toEqual({
        code: 0,
        signal: null,
      });
    });
  },
);
