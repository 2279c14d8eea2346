export { StorageDriverError } from './errors.ts';
export { ensureInstance, type InstanceInfo } from './instance.ts';
export { migrate, migrationStatus } from './migrate.ts';
export {
  type AppliedMigration,
  type Migration,
  type MigrationPlan,
  type MigrationProblem,
  type MigrationProblemReason,
  migrationChecksum,
  planMigrations,
  validateMigrations,
} from './migration-plan.ts';
export { gatewayMigrations } from './migrations/index.ts';
export { Mutex } from './mutex.ts';
export { openStore } from './open-store.ts';
export type {
  PostgresStoreOptions,
  Queryable,
  Row,
  SqliteStoreOptions,
  SqlValue,
  Store,
  StoreDriver,
  StoreOptions,
} from './types.ts';
