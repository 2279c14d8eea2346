import { loadConfig } from '../../config/index.ts';
import { readUsage } from '../../contracts/usage/store.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { parseDay } from './contracts-options.ts';

export const contractsUsageCommand = defineCommand({
  path: ['contracts', 'usage'],
  summary: 'Show which e-services call which contract operations, at which version.',
  usage: 'contracts usage [--since YYYY-MM-DD] [--contract name] [--config file]',
  description: [
    'Prints the recorded contract calls per e-service, contract, version and operation, with how they ended',
    'and when the last one was made. Deprecated and sunset versions are marked. Days are UTC.',
  ].join('\n'),
  options: { ...configOption.options, since: { type: 'string' }, contract: { type: 'string' } },
  optionHelp: {
    ...configOption.help,
    since: 'First day to include (UTC, YYYY-MM-DD). Default: everything recorded.',
    contract: 'Only this contract.',
  },
  async run(context) {
    const { io, values } = context;
    const since = parseDay(values.since);
    if (since === null) {
      io.stderr('brygga contracts usage: --since takes a date written YYYY-MM-DD.\n');
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        const contract = typeof values.contract === 'string' ? values.contract : undefined;
        const rows = await readUsage(store, { since, contract });
        const { builtInContracts } = await import('../../contracts/registry.ts');
        const { formatUsage, summariseUsage } = await import('../../contracts/usage/report.ts');
        const contracts = builtInContracts.map((entry) => entry.contract);
        io.stdout(`${formatUsage(summariseUsage(rows), contracts, Date.now())}\n`);
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'contracts usage', error);
    }
  },
});
