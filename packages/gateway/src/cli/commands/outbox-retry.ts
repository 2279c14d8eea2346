import { loadConfig } from '../../config/index.ts';
import { isReceiptId } from '../../outbox/plan.ts';
import { reviveDead } from '../../outbox/sql.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { schemaIsCurrent } from '../schema-check.ts';

export const outboxRetryCommand = defineCommand({
  path: ['outbox', 'retry'],
  summary: 'Send dead-lettered outbox submissions to their business system again.',
  usage: 'outbox retry <receiptId…> | --all-dead [--config file]',
  description: [
    'Moves dead submissions (their retry budget spent) back to pending, with a fresh budget, so the running',
    'gateway delivers them again: with the same idempotency key, so the business system applies each once.',
    'Fix what made them fail first (list them with `brygga outbox list --state dead`). Receipts that are not',
    'dead are left as they are and named; the exit code is 1 when any was not moved.',
  ].join('\n'),
  options: { ...configOption.options, 'all-dead': { type: 'boolean' } },
  optionHelp: { ...configOption.help, 'all-dead': 'Every dead submission.' },
  positionals: { min: 0, max: 1000 },
  async run(context) {
    const { io, values, positionals } = context;
    const allDead = values['all-dead'] === true;
    if (allDead === positionals.length > 0) {
      io.stderr('brygga outbox retry: name receipt ids or give --all-dead (not both).\n');
      return 2;
    }
    const malformed = positionals.filter((id) => !isReceiptId(id));
    if (malformed.length > 0) {
      io.stderr(`brygga outbox retry: not a receipt id: ${malformed.join(', ')}.\n`);
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        if (!(await schemaIsCurrent(store, io, 'outbox retry'))) return 1;
        const moved = await store.transaction((tx) =>
          reviveDead(tx, { receiptIds: allDead ? 'all' : positionals, now: Date.now() }),
        );
        const lines = moved.map((id) => `${id}: dead → pending, delivered again shortly.`);
        const missed = allDead ? [] : positionals.filter((id) => !moved.includes(id));
        for (const id of missed) lines.push(`${id}: not dead (or unknown), left as it is.`);
        if (allDead && moved.length === 0) lines.push('No dead submissions: nothing to retry.');
        io.stdout(`${lines.join('\n')}\n`);
        return missed.length > 0 ? 1 : 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'outbox retry', error);
    }
  },
});
