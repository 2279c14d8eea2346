import type { Migration } from '../migration-plan.ts';

/**
 * The gateway's own schema, in order. Append new migrations; never edit or renumber an applied one
 * (`migrate` refuses to start when a checksum changes).
 */
export const gatewayMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'instance',
    // One row identifying this deployment's database. `singleton` makes a second row impossible; times are
    // ISO 8601 text so both backends return the same string.
    sql: {
      sqlite: `CREATE TABLE brygga_instance (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;`,
      postgres: `CREATE TABLE brygga_instance (
  singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
  id UUID NOT NULL,
  created_at TEXT NOT NULL
);`,
    },
  },
];
