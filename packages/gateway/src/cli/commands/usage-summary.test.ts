import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv } from '../../config/test-fixtures.ts';
import { contractsConfigText } from '../../contracts/fixtures.test-support.ts';
import type { UsageRow } from '../../contracts/usage/event.ts';
import { addUsage } from '../../contracts/usage/store.ts';
import { gatewayMigrations, migrate, openStore, type StoreOptions } from '../../storage/index.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../storage/throwaway-database.ts';
import { runWithCapturedIo } from '../capture-io.test-support.ts';
import { usageSummaryCommand } from './usage-summary.ts';

/*
 * `brygga usage summary` on a configuration file and a seeded usage store, as an e-service owner's report is
 * made: on SQLite always, on PostgreSQL too when BRYGGA_TEST_DATABASE_URL names a server.
 */

const eService = (id: string, owner: string) => ({
  id,
  owner,
  secretEnv: 'CLIENT_SECRET',
  version: '2026-01-15',
  description: '{ sv: Beskrivning. }',
});

const configYaml = (storage: string) =>
  contractsConfigText({
    eServices: [eService('bygglov-ansokan', 'Stadsbyggnadsnämnden'), eService('parkering', 'Trafiknämnden')],
    storage,
  });

const seed = (day: string, operationId: string, outcome: string, calls: number): UsageRow => ({
  day,
  eServiceId: 'bygglov-ansokan',
  contract: 'case-management',
  version: '2026-01-15',
  operationId,
  outcome,
  calls,
  lastAt: `${day}T10:00:00.000Z`,
});

const seeded = [
  seed('2026-11-01', 'createCase', 'ok', 100),
  seed('2026-11-20', 'createCase', 'ok', 12),
  seed('2026-11-20', 'createCase', 'timeout', 3),
  seed('2026-11-21', 'getCase', 'ok', 30),
  seed('2026-11-21', 'getCase', 'bad_response', 1),
  seed('2026-11-21', 'createCase', 'rejected', 4),
];

function describeSummary(
  driver: string,
  storage: () => { yaml: string; options: StoreOptions; env?: object },
) {
  describe(`brygga usage summary on ${driver}`, () => {
    let dir: string;
    let env: Record<string, string | undefined>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'brygga-usage-summary-'));
      const chosen = storage();
      writeFileSync(join(dir, 'brygga.config.yaml'), configYaml(chosen.yaml));
      env = { ...fixtureEnv, CLIENT_SECRET: 'client-secret-0123456789abcdef0123456789', ...chosen.env };
      const options =
        chosen.options.driver === 'sqlite'
          ? { ...chosen.options, path: join(dir, chosen.options.path) }
          : chosen.options;
      const store = await openStore(options);
      try {
        await migrate(store, gatewayMigrations);
        await store.transaction((tx) => addUsage(tx, seeded));
      } finally {
        await store.close();
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function run(values: Record<string, string>) {
      return runWithCapturedIo(env, dir, (io) =>
        usageSummaryCommand.run({ values: { format: 'table', ...values }, positionals: [], io }),
      );
    }

    it('prints calls, submissions and error rate per e-service over the period as JSON', async () => {
      const result = await run({ from: '2026-11-20', to: '2026-11-21', format: 'json' });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        from: '2026-11-20',
        to: '2026-11-21',
        eServices: [
          {
            eServiceId: 'bygglov-ansokan',
            name: 'Tjänst bygglov-ansokan',
            owner: 'Stadsbyggnadsnämnden',
            calls: 50,
            submissions: 12,
            rejected: 4,
            operationErrors: 0,
            errors: 4,
            errorRate: 0.08,
            lastAt: '2026-11-21T10:00:00.000Z',
          },
          {
            eServiceId: 'parkering',
            name: 'Tjänst parkering',
            owner: 'Trafiknämnden',
            calls: 0,
            submissions: 0,
            rejected: 0,
            operationErrors: 0,
            errors: 0,
            errorRate: null,
          },
        ],
      });
    });

    it('prints a table for one e-service, everything recorded', async () => {
      const result = await run({ eservice: 'bygglov-ansokan' });
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[2]).toMatch(
        /^bygglov-ansokan\s+Stadsbyggnadsnämnden\s+150\s+112\s+4\s+0\s+4\s+2\.7 %\s+2026-11-21 10:00$/,
      );
    });

    it('refuses bad dates, formats and unknown e-services with exit code 2', async () => {
      expect((await run({ from: '2026-11-31' })).code).toBe(2);
      expect((await run({ from: '2026-11-22', to: '2026-11-21' })).stderr).toContain('--from is after --to');
      expect((await run({ format: 'xml' })).code).toBe(2);
      const unknown = await run({ eservice: 'nothing' });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('there is no e-service "nothing". Known: bygglov-ansokan, parkering.');
    });
  });
}

describeSummary('sqlite', () => ({
  yaml: 'storage: { driver: sqlite, sqlite: { path: brygga.db } }',
  options: { driver: 'sqlite', path: 'brygga.db' },
}));

const adminUrl = process.env.BRYGGA_TEST_DATABASE_URL;
if (adminUrl) {
  let database: ThrowawayDatabase | undefined;
  beforeAll(async () => {
    database = await createThrowawayDatabase(adminUrl, 'brygga_t');
  });
  afterAll(() => database?.drop());
  const databaseUrl = () => {
    if (!database) throw new Error('the throwaway database was not created');
    return database.url;
  };
  describeSummary('postgres', () => ({
    yaml: 'storage: { driver: postgres, postgres: { url: { env: USAGE_TEST_DATABASE_URL } } }',
    options: { driver: 'postgres', connectionString: databaseUrl(), poolMax: 2 },
    env: { USAGE_TEST_DATABASE_URL: databaseUrl() },
  }));
}
