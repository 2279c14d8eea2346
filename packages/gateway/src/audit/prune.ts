import type { AppendReceipt, AuditLog } from './audit-log.ts';
import { prunePurposeId } from './purposes.ts';
import type { RetentionRule } from './retention.ts';
import { pruneRecords } from './sql.ts';

export interface PrunedClass {
  readonly retentionClass: string;
  readonly before: string;
  readonly pruned: number;
  /** The record of this prune in the log itself; absent when nothing was pruned. */
  readonly receipt: AppendReceipt | undefined;
}

/**
 * Carries out the retention classes: removes the contents of every record older than its purpose's
 * retention period, keeping its leaf hash, chain hash and checkpoints (so `audit verify` still passes), and
 * records each prune in the log, in the same transaction, as a system record of the built-in purpose
 * brygga-gallring. Records of purposes without a retention class are kept.
 */
export async function pruneAuditLog(
  log: AuditLog,
  rules: readonly RetentionRule[],
  now: Date,
): Promise<PrunedClass[]> {
  return log.transact(async (tx, append) => {
    const results: PrunedClass[] = [];
    for (const rule of rules) {
      const pruned = await pruneRecords(
        tx,
        rule.purposeIds,
        rule.before,
        now.toISOString(),
        rule.retentionClass,
      );
      let receipt: AppendReceipt | undefined;
      if (pruned > 0) {
        [receipt] = await append([
          {
            actor: { kind: 'system', id: 'brygga-audit-prune' },
            subject: null,
            operation: 'audit.prune',
            purpose: prunePurposeId,
            outcome: { status: 'success' },
            details: { retentionClass: rule.retentionClass, before: rule.before, records: pruned },
            time: now,
          },
        ]);
      }
      results.push({ retentionClass: rule.retentionClass, before: rule.before, pruned, receipt });
    }
    return results;
  });
}
