import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';
import { fixtureEnv, toYaml, validConfigData } from './test-fixtures.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brygga-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it("loads a valid file and makes its paths absolute against the file's folder", async () => {
    const file = join(dir, 'valid.yaml');
    await writeFile(file, toYaml(validConfigData()));
    const config = await loadConfig(file, { env: fixtureEnv });
    expect(config.storage).toEqual({ driver: 'sqlite', sqlite: { path: join(dir, 'data', 'brygga.db') } });
  });

  it('throws a ConfigError listing every mistake, with the file in its message', async () => {
    const data = validConfigData();
    data.logging.level = 'loud';
    data.eServices[0].purposes = ['unknown'];
    const file = join(dir, 'invalid.yaml');
    await writeFile(file, toYaml(data));
    const error = await loadConfig(file, { env: fixtureEnv }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(ConfigError.is(error)).toBe(true);
    const { issues, message, filePath } = error as ConfigError;
    expect(issues.map((issue) => issue.path)).toEqual(['logging.level', 'eServices[0].purposes[0]']);
    expect(filePath).toBe(file);
    expect(message).toMatch(new RegExp(`^${file} has 2 mistakes:\\n\\n${file}:\\d+:\\d+  logging.level`));
  });

  it('says plainly when the file does not exist', async () => {
    const file = join(dir, 'missing.yaml');
    const error = await loadConfig(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: '',
        message: `The configuration file ${file} does not exist. Give the right path with --config or BRYGGA_CONFIG.`,
      },
    ]);
  });

  it('says plainly when the path is a folder', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const error = await loadConfig(folder).catch((caught: unknown) => caught);
    expect((error as ConfigError).issues[0]?.message).toBe(
      `${folder} is a folder, not a configuration file.`,
    );
  });
});
