import type { Queryable } from '../../storage/index.ts';
import type { UsageRow } from './event.ts';

const upsert = `INSERT INTO brygga_contract_usage
  (day, e_service, contract, version, operation, outcome, calls, last_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (day, e_service, contract, version, operation, outcome) DO UPDATE SET
  calls = brygga_contract_usage.calls + excluded.calls,
  last_at = CASE WHEN excluded.last_at > brygga_contract_usage.last_at
    THEN excluded.last_at ELSE brygga_contract_usage.last_at END`;

/** Adds counts to the stored aggregates; call inside a transaction so a batch lands whole or not at all. */
export async function addUsage(tx: Queryable, rows: readonly UsageRow[]): Promise<void> {
  for (const row of rows) {
    await tx.execute(upsert, [
      row.day,
      row.eServiceId,
      row.contract,
      row.version,
      row.operationId,
      row.outcome,
      row.calls,
      row.lastAt,
    ]);
  }
}

export interface UsageQuery {
  /** First UTC day included, `YYYY-MM-DD`. */
  readonly since?: string | undefined;
  readonly contract?: string | undefined;
}

/** Stored aggregates, oldest day first. */
export async function readUsage(db: Queryable, query: UsageQuery = {}): Promise<UsageRow[]> {
  const rows = await db.query<{
    day: string;
    e_service: string;
    contract: string;
    version: string;
    operation: string;
    outcome: string;
    calls: number | bigint;
    last_at: string;
  }>(
    `SELECT day, e_service, contract, version, operation, outcome, calls, last_at
     FROM brygga_contract_usage
     WHERE day >= $1 AND ($2 = '' OR contract = $2)
     ORDER BY day, e_service, contract, version, operation, outcome`,
    [query.since ?? '0000-00-00', query.contract ?? ''],
  );
  return rows.map((row) => ({
    day: row.day,
    eServiceId: row.e_service,
    contract: row.contract,
    version: row.version,
    operationId: row.operation,
    outcome: row.outcome,
    calls: Number(row.calls),
    lastAt: row.last_at,
  }));
}
