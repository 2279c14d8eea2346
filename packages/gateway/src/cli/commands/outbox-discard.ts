import { openAuditLog } from '../../audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { outboxAuditRecord } from '../../outbox/accept.ts';
import { isReceiptId } from '../../outbox/plan.ts';
import { outboxSealer } from '../../outbox/seal.ts';
import { discardDead } from '../../outbox/sql.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { schemaIsCurrent } from '../schema-check.ts';

export const outboxDiscardCommand = defineCommand({
  path: ['outbox', 'discard'],
  summary: 'Delete dead-lettered outbox submissions that will never be delivered.',
  usage: 'outbox discard <receiptId…> [--config file]',
  description: [
    'Deletes dead submissions (their retry budget spent) with the request and personnummer they held, for',
    'submissions the business system must not get: the e-service has been told, or the person applies again.',
    'Their receipts then answer 404. Each discard is recorded in the audit log, in the same transaction.',
    'Receipts that are not dead are left as they are and named; the exit code is 1 when any was not deleted.',
  ].join('\n'),
  options: { ...configOption.options },
  optionHelp: { ...configOption.help },
  positionals: { min: 1, max: 1000 },
  async run(context) {
    const { io, positionals } = context;
    const malformed = positionals.filter((id) => !isReceiptId(id));
    if (malformed.length > 0) {
      io.stderr(`brygga outbox discard: not a receipt id: ${malformed.join(', ')}.\n`);
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const sealer = outboxSealer(config.keys);
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        if (!(await schemaIsCurrent(store, io, 'outbox discard'))) return 1;
        const log = await openAuditLog(store, config);
        let discarded: string[];
        try {
          // The deletion and its records commit together: a discard is never done unrecorded.
          discarded = await log.transact(async (tx, append) => {
            const rows = await discardDead(tx, positionals);
            if (rows.length > 0) {
              await append(
                rows.map((row) => ({
                  // The operator decided it, not the citizen: the record names the tool as the actor.
                  ...outboxAuditRecord(
                    {
                      eServiceId: row.eServiceId,
                      businessSystem: row.businessSystem,
                      contract: row.contract,
                      version: row.version,
                      operationId: row.operation,
                      purposeId: row.purpose,
                      // A row whose key is gone is still discarded; its record then names no one.
                      citizen:
                        row.citizen === null ? undefined : sealer.open(row.receiptId, 'citizen', row.citizen),
                      requestId: row.requestId,
                      traceId: row.traceId,
                      receiptId: row.receiptId,
                    },
                    { status: 'failure', problem: 'discarded' },
                    'discarded',
                  ),
                  actor: { kind: 'system', id: 'brygga outbox discard' },
                })),
              );
            }
            return rows.map((row) => row.receiptId);
          });
        } finally {
          await log.close();
        }
        const lines = discarded.map((id) => `${id}: dead → deleted, never delivered.`);
        const missed = positionals.filter((id) => !discarded.includes(id));
        for (const id of missed) lines.push(`${id}: not dead (or unknown), left as it is.`);
        io.stdout(`${lines.join('\n')}\n`);
        return missed.length > 0 ? 1 : 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'outbox discard', error);
    }
  },
});
