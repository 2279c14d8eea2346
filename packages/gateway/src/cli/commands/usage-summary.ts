import { loadConfig } from '../../config/index.ts';
import { readUsage } from '../../contracts/usage/store.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { parseDay } from './contracts-options.ts';

export const usageSummaryCommand = defineCommand({
  path: ['usage', 'summary'],
  summary: 'Show each e-service’s calls, completed submissions and error rate over a period, for its owner.',
  usage:
    'usage summary [--eservice id] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json] [--config file]',
  description: [
    'Sums the recorded contract calls per e-service: all calls, completed submissions (calls answered ok by an',
    'operation that changes something at the business system, i.e. not GET/HEAD), calls refused as invalid,',
    'declared operation errors, and errors (the gateway or business system failed or timed out) with the error',
    'rate (errors / calls). Every configured e-service is listed, unused ones with zeros. Days are UTC, inclusive.',
  ].join('\n'),
  options: {
    ...configOption.options,
    eservice: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'table' },
  },
  optionHelp: {
    ...configOption.help,
    eservice: 'Only this e-service (its id in the configuration).',
    from: 'First day to include (UTC, YYYY-MM-DD). Default: everything recorded.',
    to: 'Last day to include (UTC, YYYY-MM-DD). Default: today.',
    format: 'table (default) or json.',
  },
  async run(context) {
    const { io, values } = context;
    const from = parseDay(values.from);
    const to = parseDay(values.to);
    if (from === null || to === null) {
      io.stderr('brygga usage summary: --from and --to take a date written YYYY-MM-DD.\n');
      return 2;
    }
    if (from !== undefined && to !== undefined && from > to) {
      io.stderr('brygga usage summary: --from is after --to.\n');
      return 2;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') {
      io.stderr('brygga usage summary: --format takes table or json.\n');
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const eService = typeof values.eservice === 'string' ? values.eservice : undefined;
      if (eService !== undefined && !config.eServices.some((each) => each.id === eService)) {
        const known = config.eServices.map((each) => each.id).join(', ');
        io.stderr(`brygga usage summary: there is no e-service "${eService}". Known: ${known}.\n`);
        return 2;
      }
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        const rows = await readUsage(store, { since: from });
        const { builtInContracts } = await import('../../contracts/registry.ts');
        const { formatOwnerSummary, summariseForOwners } = await import('../../metrics/usage-summary.ts');
        const lines = summariseForOwners(rows, {
          eServices: config.eServices.map((each) => ({ id: each.id, name: each.name.sv, owner: each.owner })),
          contracts: builtInContracts.map((entry) => entry.contract),
          from,
          to,
          eService,
        });
        io.stdout(
          format === 'json'
            ? `${JSON.stringify({ from: from ?? null, to: to ?? null, eServices: lines }, null, 2)}\n`
            : `${formatOwnerSummary(lines)}\n`,
        );
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'usage summary', error);
    }
  },
});
