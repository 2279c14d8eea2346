import { randomUUID } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import type { Queryable } from './types.ts';

export interface InstanceInfo {
  /** A UUID, created once per database. */
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

const select = 'SELECT id, created_at FROM brygga_instance WHERE singleton = 1';

/**
 * Reads this database's instance row, creating it on first start. Safe when several gateways start at once:
 * the insert does nothing if another won the race, and everyone reads the one row that exists.
 * Needs `gatewayMigrations` applied.
 */
export async function ensureInstance(store: Queryable): Promise<InstanceInfo> {
  let [row] = await store.query<{ id: string; created_at: string }>(select);
  if (!row) {
    await store.execute(
      'INSERT INTO brygga_instance (singleton, id, created_at) VALUES (1, $1, $2) ON CONFLICT (singleton) DO NOTHING',
      [randomUUID(), new Date().toISOString()],
    );
    [row] = await store.query<{ id: string; created_at: string }>(select);
  }
  if (!row)
    throw new BryggaError('internal_error', { cause: new Error('brygga_instance has no row after insert') });
  return { id: row.id, createdAt: row.created_at };
}
