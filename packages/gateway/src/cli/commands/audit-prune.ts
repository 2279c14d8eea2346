import { openAuditLog, pruneAuditLog, retentionRules } from '../../audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { schemaIsCurrent } from '../schema-check.ts';

export const auditPruneCommand = defineCommand({
  path: ['audit', 'prune'],
  summary: 'Remove the details of audit records older than their retention class allows.',
  usage: 'audit prune [--config file] [--now date]',
  description: [
    "Carries out the retention classes (gallring): for every record older than its purpose's retention",
    'period, the contents are removed while its hashes and the signed checkpoints stay, so `brygga audit',
    'verify` still passes and extracts still list the record, by date only. Each retention class that',
    'removed anything is recorded in the log itself, in the same transaction. Records of purposes without',
    'a retention class are kept.',
  ].join('\n'),
  options: { ...configOption.options, now: { type: 'string' } },
  optionHelp: {
    ...configOption.help,
    now: 'Prune as if it were this date or time (ISO 8601), e.g. to check a decision in advance on a copy.',
  },
  async run(context) {
    const { io } = context;
    let now = new Date();
    if (typeof context.values.now === 'string') {
      now = new Date(context.values.now);
      if (!/^\d{4}-\d{2}-\d{2}/.test(context.values.now) || Number.isNaN(now.getTime())) {
        io.stderr('brygga audit prune: --now must be an ISO 8601 date or time, e.g. 2036-01-01.\n');
        return 2;
      }
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const rules = retentionRules(config, now);
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        if (!(await schemaIsCurrent(store, io, 'audit prune'))) return 1;
        const log = await openAuditLog(store, config);
        try {
          const results = await pruneAuditLog(log, rules, now);
          const lines = results.map(
            (result) =>
              `${result.retentionClass}: ${result.pruned} record(s) made before ${result.before} pruned` +
              (result.receipt ? `, recorded as sequence number ${result.receipt.seq}.` : '.'),
          );
          if (results.length === 0) lines.push('No purpose has a retention class: nothing to prune.');
          io.stdout(`${lines.join('\n')}\n`);
        } finally {
          await log.close();
        }
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'audit prune', error);
    }
  },
});
