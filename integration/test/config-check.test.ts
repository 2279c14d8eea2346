import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseEnv,
  configWithThreeMistakes,
  gatewaySecrets,
  makeTempDir,
  ProcessGroup,
  runCli,
  type TempDir,
} from '../src/index.ts';

const group = new ProcessGroup();
let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('brygga-config-check');
});
afterAll(async () => {
  await group.stopAll();
  dir.remove();
});

const env = { ...baseEnv(), ...gatewaySecrets, BRYGGA_BANKID_KEY: 'integration-bankid-key' };

describe('brygga config check (the real bin)', () => {
  it('lists all three mistakes with their places on stderr and exits 1', async () => {
    const { text, mistakes } = configWithThreeMistakes();
    const file = dir.write('brygga.config.yaml', text);

    const result = await runCli(group, ['config', 'check', file], { cwd: dir.path, env });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const headings = result.stderr.split('\n').filter((line) => line.startsWith(`${file}:`));
    expect(headings).toEqual(mistakes.map((mistake) => expect.stringMatching(placeAndPath(file, mistake))));
    expect(result.stderr).toContain(`3 mistakes found in ${file}.`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('finds brygga.config.yaml in the working folder and accepts it once the mistakes are fixed', async () => {
    const fixed = configWithThreeMistakes()
      .text.replace('port: eighty', 'port: 8080')
      .replace('loging:', 'logging:')
      .replace('- skattekontroll', '- handlagga-bygglov');
    dir.write('brygga.config.yaml', fixed);

    const result = await runCli(group, ['config', 'check'], { cwd: dir.path, env });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /is valid: 1 e-service\(s\), 0 business system\(s\), 1 identity provider\(s\)/,
    );
  });
});

function placeAndPath(file: string, mistake: { path: string; line: number }): RegExp {
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escapeRegExp(file)}:${mistake.line}:\\d+ +${escapeRegExp(mistake.path)}$`);
}
