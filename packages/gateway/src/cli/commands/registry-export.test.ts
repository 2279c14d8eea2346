import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv, toYaml } from '../../config/test-fixtures.ts';
import { registryConfigData } from '../../registry/fixtures.test-support.ts';
import { runWithCapturedIo } from '../capture-io.test-support.ts';
import { registryExportCommand } from './registry-export.ts';

/* `brygga registry export` on a configuration file, as an operator runs it. */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-registry-cli-'));
  writeFileSync(join(dir, 'brygga.config.yaml'), toYaml(registryConfigData()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(values: Record<string, string>) {
  return runWithCapturedIo(fixtureEnv, dir, (io) =>
    registryExportCommand.run({ values, positionals: [], io }),
  );
}

describe('brygga registry export', () => {
  it('prints the register as JSON by default', async () => {
    const { code, stdout } = await run({});
    expect(code).toBe(0);
    const register = JSON.parse(stdout);
    expect(register.eServices.map((entry: { id: string }) => entry.id)).toEqual([
      'bygglov-ansokan',
      'mina-sidor',
    ]);
    expect(stdout).not.toContain('karin@exempel.se');
  });

  it('prints CSV, the DCAT catalogue and the record of processing', async () => {
    const csv = await run({ format: 'csv' });
    // With a BOM, so a spreadsheet opens å, ä and ö right.
    expect(csv.stdout.startsWith('\uFEFFid,name_sv,')).toBe(true);
    const dcat = JSON.parse((await run({ format: 'dcat' })).stdout);
    expect(dcat['@type']).toBe('dcat:Catalog');
    const record = JSON.parse((await run({ format: 'processing-record' })).stdout);
    expect(record.activities.map((activity: { id: string }) => activity.id)).toEqual([
      'handlagga-bygglov',
      'forskola-ko',
    ]);
  });

  it('writes to --out instead of printing', async () => {
    const { code, stdout } = await run({ format: 'processing-record', out: 'art30.json' });
    expect(code).toBe(0);
    expect(stdout).toContain('art30.json');
    expect(JSON.parse(readFileSync(join(dir, 'art30.json'), 'utf8')).controller.name).toBe(
      'Exempelstads kommun',
    );
  });

  it('refuses an unknown format with exit code 2 and a configuration mistake with 1', async () => {
    const wrong = await run({ format: 'xml' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('json, csv, dcat, processing-record');
    const missing = await run({ config: 'nowhere.yaml' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });
});
