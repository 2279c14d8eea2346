import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gatewayMigrations } from '@brygga/gateway/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseEnv,
  exitWithin,
  freePort,
  gatewayConfig,
  gatewaySecrets,
  makeTempDir,
  ProcessGroup,
  type RunningGatewayProcess,
  startGatewayProcess,
  type TempDir,
  waitForOutput,
  waitUntilNotReady,
} from '../src/index.ts';

const group = new ProcessGroup();
let dir: TempDir;
let gateway: RunningGatewayProcess;
let database: string;

beforeAll(async () => {
  dir = makeTempDir('brygga-start-sqlite');
  database = join(dir.path, 'data', 'brygga.db');
  const port = await freePort();
  const configFile = dir.write(
    'brygga.config.yaml',
    gatewayConfig({ port, storage: { driver: 'sqlite', path: 'data/brygga.db' } }),
  );
  gateway = await startGatewayProcess(group, {
    configFile,
    port,
    cwd: dir.path,
    env: { ...baseEnv(), ...gatewaySecrets },
  });
});
afterAll(async () => {
  await group.stopAll();
  dir.remove();
});

const personnummer = '19900101-1234';

interface BadRequest {
  readonly name: string;
  readonly path: string;
  readonly init: RequestInit;
  readonly status: number;
  readonly code: string;
}

const badRequests: readonly BadRequest[] = [
  {
    // The official's extract route reads JSON; an authorised caller sends a broken body.
    name: 'malformed JSON',
    path: '/audit/extract',
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${gatewaySecrets.BRYGGA_OFFICIAL_TOKEN}`,
      },
      body: `{"personalIdentityNumber": "${personnummer}",`,
    },
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a 10 MB body',
    path: '/cases',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array(10 * 1024 * 1024).fill(0x20),
    },
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'a wrong content type',
    path: '/cases',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'namn=Anna' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'an unknown route with a personnummer in it',
    path: `/medborgare/${personnummer}`,
    init: { method: 'GET' },
    status: 404,
    code: 'not_found',
  },
];

// In order, never concurrent: the last test stops the process the others use.
describe('brygga start on SQLite (a child process)', { concurrent: false }, () => {
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
  });

  it.each(badRequests)(
    '$name gets a problem document ($status $code) and the server keeps serving',
    async (bad) => {
      const response = await fetch(`${gateway.url}${bad.path}`, bad.init);
      const text = await response.text();
      expect(response.status).toBe(bad.status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = JSON.parse(text) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: bad.status, code: bad.code });
      expect(problem.title).toEqual(expect.any(String));
      expect(problem.requestId).toEqual(expect.any(String));
      expect(text).not.toContain('    at ');
      expect(text).not.toMatch(/Error:|node_modules|\.ts:\d+/);
      expect(text).not.toContain(personnummer);
      expect(text).not.toContain(personnummer.replace('-', ''));

      const health = await fetch(`${gateway.url}/health/ready`);
      expect(health.status).toBe(200);
      await health.body?.cancel();
    },
  );

  it('kept the personnummer out of its logs', async () => {
    // The log is written in the background (up to 100 ms late); the whole of it is checked again after exit below.
    await waitForOutput(() => gateway.proc.output().stdout, /"msg":"gateway ready"/);
    const { stdout, stderr } = gateway.proc.output();
    expect(stdout).toContain('"msg":"gateway ready"'); // the logs are there to look at
    expect(`${stdout}${stderr}`).not.toContain(personnummer);
    expect(`${stdout}${stderr}`).not.toContain(personnummer.replace('-', ''));
  });

  it('on SIGTERM stops answering, exits 0 and leaves an intact database', async () => {
    gateway.proc.child.kill('SIGTERM');
    const last = await waitUntilNotReady(`${gateway.url}/health/ready`, { timeoutMs: 10_000 });
    expect(last).not.toBe('HTTP 200');
    const exit = await exitWithin(gateway.proc, 15_000, 'brygga start after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
    const { stdout, stderr } = gateway.proc.output();
    expect(stdout).toContain('"msg":"stopped"');
    // Everything it logged, flushed at exit: still no personnummer in any form.
    expect(`${stdout}${stderr}`).not.toContain(personnummer);
    expect(`${stdout}${stderr}`).not.toContain(personnummer.replace('-', ''));

    const db = new DatabaseSync(database, { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const versions = db
        .prepare('SELECT version FROM brygga_schema_migrations ORDER BY version')
        .all()
        .map((row) => Number(row.version));
      expect(versions).toEqual(gatewayMigrations.map((migration) => migration.version));
    } finally {
      db.close();
    }
  });
});
