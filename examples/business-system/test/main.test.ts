import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBusinessSystem } from '../src/index.ts';

const mainPath = join(import.meta.dirname, '..', 'src', 'main.ts');
const apiKey = 'main-test-key';

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs main.ts as a separate process, the way `node examples/business-system/src/main.ts` does. */
async function runMain(cwd: string): Promise<Started> {
  const { BUSINESS_SYSTEM_DB: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [mainPath], {
    cwd,
    env: { ...inherited, PORT: '0', BUSINESS_SYSTEM_API_KEY: apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`main exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, output: () => stdout, exited };
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('main.ts', () => {
  it('creates its database under .brygga, closes cleanly on SIGTERM and keeps cases across restarts', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'business-system-main-'));
    dirs.push(cwd);

    const first = await runMain(cwd);
    expect(existsSync(join(cwd, '.brygga', 'business-system.db'))).toBe(true);
    const created = await fetch(`${first.url}/api/v2/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        applicant: { personalIdentityNumber: '191212121212', name: 'Tolvan Tolvansson' },
        title: 'Altan',
        description: 'Altan 15 kvm',
        propertyDesignation: 'Sundsvall Norrmalm 1:23',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM received, closing.');

    const second = await runMain(cwd);
    const again = await fetch(`${second.url}/api/v1/cases/${id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(again.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});

describe('startBusinessSystem', () => {
  it('rejects when the port is taken, and close() may be called twice', async () => {
    const first = await startBusinessSystem({ port: 0, apiKey, log: () => {} });
    const port = Number(new URL(first.url).port);
    await expect(startBusinessSystem({ port, apiKey, log: () => {} })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await first.close();
    await first.close();
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();
  });
});
