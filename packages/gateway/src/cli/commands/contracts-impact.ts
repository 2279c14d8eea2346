import { loadConfig } from '../../config/index.ts';
import { readUsage } from '../../contracts/usage/store.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';
import { parseDay } from './contracts-options.ts';

export const contractsImpactCommand = defineCommand({
  path: ['contracts', 'impact'],
  summary: 'Name the e-services a contract’s deprecations and pending breaking changes affect.',
  usage: 'contracts impact <contract> [--since YYYY-MM-DD] [--config file]',
  description: [
    'Lists the e-services, with their owner and responsible person, that are pinned to or still call a',
    'deprecated or sunset version of the contract, and those whose recorded calls hit an operation that a',
    'pending breaking change (what `contracts check` finds) would break. Exits 1 when a pending change breaks',
    'an e-service, so it can gate a release; 0 otherwise.',
  ].join('\n'),
  options: { ...configOption.options, since: { type: 'string' } },
  optionHelp: {
    ...configOption.help,
    since: 'Only count calls from this day on (UTC, YYYY-MM-DD). Default: everything recorded.',
  },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { io, values, positionals } = context;
    const name = positionals[0] ?? '';
    // Loaded here, not at the top: every other command (start included) would pay for the OpenAPI generator.
    const { builtInContracts } = await import('../../contracts/registry.ts');
    const { checkContract } = await import('../../contracts/check/check.ts');
    const { readCommitted } = await import('../../contracts/check/files.ts');
    const { contractImpact, formatImpact } = await import('../../contracts/impact.ts');
    const entry = builtInContracts.find((candidate) => candidate.contract.name === name);
    if (!entry) {
      const known = builtInContracts.map((candidate) => candidate.contract.name).join(', ');
      io.stderr(`brygga contracts impact: there is no contract "${name}". Known: ${known}.\n`);
      return 2;
    }
    const since = parseDay(values.since);
    if (since === null) {
      io.stderr('brygga contracts impact: --since takes a date written YYYY-MM-DD.\n');
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        const usage = await readUsage(store, { since, contract: name });
        const committed = entry.openapiDir === undefined ? new Map() : readCommitted(entry.openapiDir);
        const impacted = contractImpact({
          entry,
          check: checkContract(entry, committed),
          eServices: config.eServices,
          usage,
          now: Date.now(),
        });
        io.stdout(`${formatImpact(name, impacted)}\n`);
        return impacted.some((each) => each.reasons.some((reason) => reason.kind === 'breaking')) ? 1 : 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'contracts impact', error);
    }
  },
});
