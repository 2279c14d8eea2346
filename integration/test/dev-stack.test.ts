import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, exitWithin, ProcessGroup, repoRoot } from '../src/index.ts';

const group = new ProcessGroup();
afterAll(async () => {
  await group.stopAll();
});

const services = [
  ['Test BankID IdP', 'http://127.0.0.1:7401'],
  ['Example business system', 'http://127.0.0.1:7402'],
  ['Brygga gateway', 'http://127.0.0.1:7400'],
  ['Example e-service', 'http://127.0.0.1:7403'],
  ['Example mailbox', 'http://127.0.0.1:7404'],
] as const;

// The dev stack listens on fixed ports (7400-7404, SMTP 7425): never run this alongside anything else in this file,
// and no other test uses those ports.
describe('pnpm dev --smoke (scripts/dev.ts)', { concurrent: false }, () => {
  it('starts the idp, the business system, the mailbox, the gateway and the e-service, prints one table, stops and exits 0', async () => {
    const proc = group.spawnNode([join(repoRoot, 'scripts/dev.ts'), '--smoke'], {
      cwd: repoRoot,
      env: baseEnv(),
      ownProcessGroup: true,
    });
    const exit = await exitWithin(proc, 60_000, 'scripts/dev.ts --smoke');
    const { stdout, stderr } = proc.output();

    expect(exit, `stdout:\n${stdout}\nstderr:\n${stderr}`).toEqual({ code: 0, signal: null });
    for (const [name, url] of services) {
      expect(stdout).toMatch(new RegExp(`^ {2}${name} +${url.replaceAll('.', '\\.')} `, 'm'));
    }
    expect(stdout).toContain('Start at http://127.0.0.1:7400/');
    expect(stdout).toContain('Smoke check passed; stopping.');
    expect(stderr).not.toContain('stopped unexpectedly');
  });
});
