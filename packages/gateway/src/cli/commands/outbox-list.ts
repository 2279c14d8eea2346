import { loadConfig } from '../../config/index.ts';
import { textTable } from '../../contracts/text-table.ts';
import { type OutboxState, outboxStates } from '../../outbox/plan.ts';
import { listRows } from '../../outbox/sql.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { schemaIsCurrent } from '../schema-check.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const outboxListCommand = defineCommand({
  path: ['outbox', 'list'],
  summary: 'List the submissions in the durable outbox and how their delivery is going.',
  usage:
    'outbox list [--state pending|delivering|delivered|failed|dead] [--limit n] [--json] [--config file]',
  description: [
    'Prints one line per submission accepted with 202: receipt id, e-service, contract and operation, state,',
    'attempts, when the next attempt is due and the last error code. No personal data is shown. Dead',
    'submissions (retry budget spent) wait for `brygga outbox retry`.',
  ].join('\n'),
  options: {
    ...configOption.options,
    state: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  optionHelp: {
    ...configOption.help,
    state: `Only this state: ${outboxStates.join(', ')}.`,
    limit: 'At most this many lines, oldest first. Default 1000.',
    json: 'Print JSON instead of a table.',
  },
  async run(context) {
    const { io, values } = context;
    const state = values.state;
    if (state !== undefined && !outboxStates.includes(state as OutboxState)) {
      io.stderr(`brygga outbox list: --state is one of ${outboxStates.join(', ')}.\n`);
      return 2;
    }
    const limit = values.limit === undefined ? 1000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      io.stderr('brygga outbox list: --limit takes a whole number of at least 1.\n');
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        if (!(await schemaIsCurrent(store, io, 'outbox list'))) return 1;
        const rows = await listRows(store, { state: state as OutboxState | undefined, limit });
        const lines = rows.map((row) => ({
          receiptId: row.receiptId,
          eService: row.eServiceId,
          contract: row.contract,
          operation: row.operation,
          state: row.state,
          attempts: row.attempts,
          nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
          lastError: row.state === 'failed' ? row.problemCode : row.lastError,
          acceptedAt: iso(row.createdAt),
        }));
        if (values.json === true) {
          io.stdout(`${JSON.stringify(lines, null, 2)}\n`);
        } else if (lines.length === 0) {
          io.stdout('The outbox holds no such submissions.\n');
        } else {
          io.stdout(
            `${textTable(
              [
                'receipt',
                'e-service',
                'contract/operation',
                'state',
                'attempts',
                'next attempt',
                'last error',
              ],
              lines.map((line) => [
                line.receiptId,
                line.eService,
                `${line.contract}/${line.operation}`,
                line.state,
                String(line.attempts),
                line.nextAttemptAt ?? '-',
                line.lastError ?? '-',
              ]),
            )}\n`,
          );
        }
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'outbox list', error);
    }
  },
});
