import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv } from '../../config/test-fixtures.ts';
import { contractsConfigText } from '../../contracts/fixtures.test-support.ts';
import { addUsage } from '../../contracts/usage/store.ts';
import { gatewayMigrations, migrate, openStore } from '../../storage/index.ts';
import { runWithCapturedIo } from '../capture-io.test-support.ts';
import { main } from '../main.ts';

/*
 * `brygga contracts usage` and `contracts impact` on a configuration file and a database with recorded usage,
 * as an operator runs them. (`contracts check` is tested with its own contract in src/contracts/check.)
 */

let dir: string;
let configFile: string;
const env = { ...fixtureEnv, BYGGLOV_SECRET: 'bygglov-secret-0123456789abcdef0123456789' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-contracts-cli-'));
  configFile = join(dir, 'brygga.config.yaml');
  writeFileSync(
    configFile,
    contractsConfigText({
      eServices: [
        {
          id: 'bygglov-ansokan',
          clientId: 'bygglov',
          secretEnv: 'BYGGLOV_SECRET',
          version: '2026-01-15',
          name: '{ sv: Ansök om bygglov, en: Apply for a building permit }',
          description: '{ sv: Ansök. }',
        },
      ],
      storage: 'storage: { driver: sqlite, sqlite: { path: brygga.db } }',
    }),
  );
  const store = await openStore({ driver: 'sqlite', path: join(dir, 'brygga.db') });
  try {
    await migrate(store, gatewayMigrations);
    const row = { eServiceId: 'bygglov-ansokan', contract: 'case-management', version: '2026-01-15' };
    await store.transaction((tx) =>
      addUsage(tx, [
        {
          ...row,
          day: '2026-11-20',
          operationId: 'getCase',
          outcome: 'ok',
          calls: 40,
          lastAt: '2026-11-20T10:00:00.000Z',
        },
        {
          ...row,
          day: '2026-11-21',
          operationId: 'getCase',
          outcome: 'ok',
          calls: 2,
          lastAt: '2026-11-21T08:15:00.000Z',
        },
        {
          ...row,
          day: '2026-11-21',
          operationId: 'createCase',
          outcome: 'rejected',
          calls: 1,
          lastAt: '2026-11-21T09:00:00.000Z',
        },
      ]),
    );
  } finally {
    await store.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  return runWithCapturedIo(env, dir, (io) => main(args, io));
}

describe('brygga contracts usage', () => {
  it('prints one line per e-service, version and operation, summed over the days asked for', async () => {
    const all = await cli(['contracts', 'usage']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^e-service\s+contract\s+version\s+status\s+operation\s+calls/);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        /^bygglov-ansokan\s+case-management\s+2026-01-15\s+\w+\s+createCase\s+1\s+0\s+1\s/,
      ),
      expect.stringMatching(
        /^bygglov-ansokan\s+case-management\s+2026-01-15\s+\w+\s+getCase\s+42\s+42\s+0\s+0\s+0\s+2026-11-21 08:15$/,
      ),
    ]);
    const since = await cli(['contracts', 'usage', '--since', '2026-11-21', '--contract', 'case-management']);
    expect(since.stdout).toMatch(/getCase\s+2\s+2\s/);
    expect((await cli(['contracts', 'usage', '--since', '2026-11-31'])).code).toBe(2);
  });
});

describe('brygga contracts impact', () => {
  it('names the e-service on a deprecated version with its owner and responsible person', async () => {
    // The real clock: 2026-01-15 is deprecated from 2026-10-01 and sunset from 2027-04-01.
    const result = await cli(['contracts', 'impact', 'case-management']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('case-management: 1 e-service affected');
    expect(result.stdout).toContain(
      'owner: Stadsbyggnadsnämnden; responsible: Karin Lindqvist <karin@exempel.se>',
    );
    expect(result.stdout).toMatch(
      /pinned to 2026-01-15, (deprecated|past its sunset) \(deprecated 2026-10-01, sunset 2027-04-01\)/,
    );
  });

  it('refuses a contract it does not know', async () => {
    const result = await cli(['contracts', 'impact', 'nothing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'there is no contract "nothing". Known: case-management, form-submission.',
    );
  });
});
