import { storageUsageError } from './errors.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store, StoreOptions } from './types.ts';

/**
 * Opens the configured store. SQLite opens (and sets its PRAGMAs) at once; PostgreSQL connects lazily, so
 * a database that is down shows up in the first query, `ping()` or `migrate()`, not here. The PostgreSQL driver
 * is loaded only when configured, so the embedded default starts without paying for it.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  switch (options.driver) {
    case 'sqlite':
      return openSqliteStore(options);
    case 'postgres': {
      const { openPostgresStore } = await import('./postgres.ts');
      return openPostgresStore(options);
    }
    default:
      throw storageUsageError(`unknown storage driver ${String((options as { driver?: unknown }).driver)}`);
  }
}
