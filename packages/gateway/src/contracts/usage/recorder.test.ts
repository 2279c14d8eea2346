import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/fixtures/capture-logs.ts';
import { gatewayMigrations, migrate, openStore, type Store } from '../../storage/index.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../storage/throwaway-database.ts';
import type { UsageEvent } from './event.ts';
import { createUsageRecorder } from './recorder.ts';
import { formatUsage, summariseUsage } from './report.ts';
import { readUsage } from './store.ts';

const event = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  eServiceId: 'bygglov',
  contract: 'case-management',
  version: '2026-01-15',
  operationId: 'getCase',
  outcome: 'ok',
  at: Date.parse('2026-11-25T10:00:00Z'),
  ...overrides,
});

function describeRecorder(driver: string, open: () => Promise<Store>) {
  describe(`usage recorder on ${driver}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await migrate(store, gatewayMigrations);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('sums calls per day and key in memory and upserts them, across flushes', async () => {
      const recorder = createUsageRecorder({ store, logger: captureLogs().logger, flushIntervalMs: 60_000 });
      for (let i = 0; i < 5; i++) recorder.record(event({ at: Date.parse('2026-11-25T10:00:00Z') + i }));
      recorder.record(event({ outcome: 'operation_error' }));
      recorder.record(event({ at: Date.parse('2026-11-26T00:00:01Z') }));
      await recorder.flush();
      recorder.record(event({ at: Date.parse('2026-11-25T23:59:59Z') }));
      await recorder.close();
      recorder.record(event()); // after close: ignored
      const rows = await readUsage(store, { contract: 'case-management' });
      expect(rows.map(({ day, outcome, calls, lastAt }) => ({ day, outcome, calls, lastAt }))).toEqual([
        { day: '2026-11-25', outcome: 'ok', calls: 6, lastAt: '2026-11-25T23:59:59.000Z' },
        { day: '2026-11-25', outcome: 'operation_error', calls: 1, lastAt: '2026-11-25T10:00:00.000Z' },
        { day: '2026-11-26', outcome: 'ok', calls: 1, lastAt: '2026-11-26T00:00:01.000Z' },
      ]);
      expect(await readUsage(store, { since: '2026-11-26' })).toHaveLength(1);
    });
  });
}

describeRecorder('sqlite', () => openStore({ driver: 'sqlite', path: ':memory:' }));

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
  describeRecorder('postgres', () =>
    openStore({ driver: 'postgres', connectionString: databaseUrl(), poolMax: 2 }),
  );
}

describe('usage recorder when the database fails', () => {
  it('keeps the counts of a failed write for the next one and says so in the log', async () => {
    const store = await openStore({ driver: 'sqlite', path: ':memory:' });
    await migrate(store, gatewayMigrations);
    let failNext = true;
    const flaky = {
      ...store,
      transaction: <T>(work: Parameters<Store['transaction']>[0]) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('database is locked'));
        }
        return store.transaction(work) as Promise<T>;
      },
    } as Store;
    const logs = captureLogs();
    const recorder = createUsageRecorder({ store: flaky, logger: logs.logger, flushIntervalMs: 60_000 });
    recorder.record(event());
    await recorder.flush();
    expect(await readUsage(store)).toEqual([]);
    expect(logs.text()).toContain('kept for the next try');
    recorder.record(event());
    await recorder.close();
    expect((await readUsage(store)).map((row) => row.calls)).toEqual([2]);
    await store.close();
  });
});

describe('usage report', () => {
  it('sums days into one line per e-service, version and operation, with the version’s lifecycle', async () => {
    const { caseManagement } = await import('@brygga/contract-case-management');
    const row = {
      eServiceId: 'bygglov',
      contract: 'case-management',
      version: '2026-01-15',
      operationId: 'getCase',
    };
    const lines = summariseUsage([
      { ...row, day: '2026-11-24', outcome: 'ok', calls: 3, lastAt: '2026-11-24T08:00:00.000Z' },
      { ...row, day: '2026-11-25', outcome: 'timeout', calls: 1, lastAt: '2026-11-25T09:30:00.000Z' },
      { ...row, day: '2026-11-25', outcome: 'rejected', calls: 2, lastAt: '2026-11-25T07:00:00.000Z' },
    ]);
    expect(lines).toEqual([
      {
        ...row,
        calls: 6,
        ok: 3,
        accepted: 0,
        rejected: 2,
        operationErrors: 0,
        failures: 1,
        lastAt: '2026-11-25T09:30:00.000Z',
      },
    ]);
    const table = formatUsage(lines, [caseManagement], Date.parse('2026-11-25T12:00:00Z'));
    expect(table.split('\n')[2]).toMatch(
      /^bygglov\s+case-management\s+2026-01-15\s+deprecated\s+getCase\s+6\s+3\s+2\s+0\s+1\s+2026-11-25 09:30$/,
    );
    expect(table).not.toContain('accepted');
  });

  it('counts calls taken into the outbox as accepted, neither ok nor failed, and shows them then', async () => {
    const row = { eServiceId: 'bygglov', contract: 'case-management', version: '2026-12-01' };
    const lines = summariseUsage([
      {
        ...row,
        operationId: 'createCase',
        day: '2026-11-25',
        outcome: 'accepted',
        calls: 4,
        lastAt: '2026-11-25T10:00:00.000Z',
      },
      {
        ...row,
        operationId: 'createCase',
        day: '2026-11-25',
        outcome: 'ok',
        calls: 1,
        lastAt: '2026-11-25T09:00:00.000Z',
      },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({ calls: 5, ok: 1, accepted: 4, failures: 0, rejected: 0, operationErrors: 0 }),
    ]);
    const table = formatUsage(lines, [], Date.parse('2026-11-25T12:00:00Z')).split('\n');
    expect(table[0]).toMatch(/\sok\s+accepted\s+rejected\s/);
    expect(table[2]).toMatch(/\screateCase\s+5\s+1\s+4\s+0\s+0\s+0\s/);
  });
});
