import { createHash } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import type { StoreDriver } from './types.ts';

/** One schema change. Versions are positive integers, strictly increasing, and never reused or edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Portable SQL, or one script per backend where their dialects differ. */
  readonly sql: string | { readonly sqlite: string; readonly postgres: string };
}

/** A row of `brygga_schema_migrations`. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  /** ISO 8601, UTC. */
  readonly appliedAt: string;
}

export type MigrationProblemReason = 'checksum_mismatch' | 'unknown_version' | 'out_of_order';

/** Why this build must not run against this database. */
export interface MigrationProblem {
  readonly reason: MigrationProblemReason;
  readonly version: number;
  readonly message: string;
}

export interface MigrationPlan {
  /** The highest applied version (0 for an empty database). */
  readonly current: number;
  readonly pending: readonly Migration[];
  readonly problems: readonly MigrationProblem[];
}

export function migrationSql(migration: Migration, driver: StoreDriver): string {
  return typeof migration.sql === 'string' ? migration.sql : migration.sql[driver];
}

/**
 * SHA-256 (hex) of the script this backend runs. Line endings are normalised so a Windows checkout with
 * CRLF does not count as an edit.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n')).digest('hex');
}

/** Refuses a malformed list (a programming error in this build) before anything touches the database. */
export function validateMigrations(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    const { version } = migration;
    if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) {
      throw invalidList(`migration version ${String(version)} is not a positive 32-bit integer`);
    }
    if (version <= previous) {
      throw invalidList(`migration versions must be strictly increasing (${version} follows ${previous})`);
    }
    if (typeof migration.name !== 'string' || migration.name.trim() === '') {
      throw invalidList(`migration ${version} has no name`);
    }
    previous = version;
  }
}

function invalidList(detail: string): BryggaError {
  return new BryggaError('internal_error', { detail, extensions: { reason: 'invalid_migrations' } });
}

/**
 * Compares what the database has applied with what this build knows. Pure: `migrate` refuses to run when
 * `problems` is not empty, `migrationStatus` reports them.
 */
export function planMigrations(
  applied: readonly AppliedMigration[],
  migrations: readonly Migration[],
  driver: StoreDriver,
): MigrationPlan {
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  const appliedVersions = new Set(applied.map((row) => row.version));
  const problems: MigrationProblem[] = [];
  let current = 0;
  for (const row of applied) {
    current = Math.max(current, row.version);
    const migration = known.get(row.version);
    if (!migration) {
      problems.push({
        reason: 'unknown_version',
        version: row.version,
        message: `the database has migration ${row.version} (${row.name}), which this build does not know: it is newer than the code`,
      });
    } else if (migrationChecksum(migrationSql(migration, driver)) !== row.checksum) {
      problems.push({
        reason: 'checksum_mismatch',
        version: row.version,
        message: `migration ${row.version} (${migration.name}) was changed after it was applied; add a new migration instead`,
      });
    }
  }
  const pending = migrations.filter((migration) => !appliedVersions.has(migration.version));
  for (const migration of pending) {
    if (migration.version < current) {
      problems.push({
        reason: 'out_of_order',
        version: migration.version,
        message: `migration ${migration.version} (${migration.name}) is pending but the later migration ${current} is already applied`,
      });
    }
  }
  return { current, pending, problems };
}

/** The error `migrate` throws when the plan has problems: the gateway must not start. */
export function migrationRefusal(problems: readonly MigrationProblem[]): BryggaError {
  const [first] = problems;
  return new BryggaError('internal_error', {
    detail: `Refusing to start: ${problems.map((problem) => problem.message).join('; ')}.`,
    extensions: { reason: first?.reason, version: first?.version, problems },
  });
}
