import type { BryggaConfig } from '../config/index.ts';
import type { StoreOptions } from '../storage/index.ts';

/** Maps the storage section of the configuration to the options of `openStore`. */
export function storeOptionsFromConfig(config: BryggaConfig): StoreOptions {
  const { storage } = config;
  if (storage.driver === 'postgres') {
    return { driver: 'postgres', connectionString: storage.postgres.url, poolMax: storage.postgres.poolMax };
  }
  return { driver: 'sqlite', path: storage.sqlite.path };
}
