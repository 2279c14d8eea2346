import {
  type AppliedMigration,
  type Migration,
  type MigrationPlan,
  migrationChecksum,
  migrationRefusal,
  migrationSql,
  planMigrations,
  validateMigrations,
} from './migration-plan.ts';
import type { Queryable, Store, StoreDriver } from './types.ts';

const createTable = `CREATE TABLE IF NOT EXISTS brygga_schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Key of the transaction-scoped advisory lock that serialises migrating gateway instances on one
 * PostgreSQL database ('brygga' in ASCII, then 1). On SQLite, BEGIN IMMEDIATE already excludes other writers.
 */
const advisoryLockKey = 0x62727967676101n;

async function lockAndPrepare(tx: Queryable, driver: StoreDriver): Promise<void> {
  if (driver === 'postgres') {
    // A migration may rebuild a big table; the request-sized statement_timeout does not apply to it.
    await tx.executeScript('SET LOCAL statement_timeout = 0');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [advisoryLockKey]);
  }
  await tx.executeScript(createTable);
}

async function readApplied(db: Queryable): Promise<AppliedMigration[]> {
  const rows = await db.query<{ version: number; name: string; checksum: string; applied_at: string }>(
    'SELECT version, name, checksum, applied_at FROM brygga_schema_migrations ORDER BY version',
  );
  return rows.map((row) => ({
    version: row.version,
    name: row.name,
    checksum: row.checksum,
    appliedAt: row.applied_at,
  }));
}

/**
 * Brings the schema up to date: each pending migration in a transaction of its own, together with its
 * row in `brygga_schema_migrations`. Every step re-reads that table under the lock, so instances starting
 * at once apply each migration exactly once. Refuses (an `internal_error` with `extensions.reason`) when an
 * applied migration was edited, the database is newer than this build, or a migration would run out of order.
 */
export async function migrate(
  store: Store,
  migrations: readonly Migration[],
): Promise<{ applied: Migration[]; current: number }> {
  validateMigrations(migrations);
  const applied: Migration[] = [];
  for (;;) {
    const step = await store.transaction(async (tx) => {
      await lockAndPrepare(tx, store.driver);
      const plan = planMigrations(await readApplied(tx), migrations, store.driver);
      if (plan.problems.length > 0) throw migrationRefusal(plan.problems);
      const [next] = plan.pending;
      if (!next) return { current: plan.current, next };
      const sql = migrationSql(next, store.driver);
      await tx.executeScript(sql);
      await tx.execute(
        'INSERT INTO brygga_schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
        [next.version, next.name, migrationChecksum(sql), new Date().toISOString()],
      );
      return { current: next.version, next };
    });
    if (!step.next) return { applied, current: step.current };
    applied.push(step.next);
  }
}

/** What `migrate` would do, without doing it (and without taking the lock). */
export async function migrationStatus(
  store: Store,
  migrations: readonly Migration[],
): Promise<MigrationPlan & { applied: readonly AppliedMigration[] }> {
  validateMigrations(migrations);
  const exists =
    store.driver === 'sqlite'
      ? await store.query(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'brygga_schema_migrations'",
        )
      : await store.query("SELECT to_regclass('brygga_schema_migrations') IS NOT NULL AS found");
  const found = store.driver === 'sqlite' ? exists.length > 0 : exists[0]?.found === 1;
  const applied = found ? await readApplied(store) : [];
  return { ...planMigrations(applied, migrations, store.driver), applied };
}
