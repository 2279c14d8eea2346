import { loadConfig } from '../../config/index.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { gatewayMigrations, migrate, migrationStatus, openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';

export const dbMigrateCommand = defineCommand({
  path: ['db', 'migrate'],
  summary: 'Bring the database schema up to date (also done at every start).',
  usage: 'db migrate [--config file] [--status]',
  description: [
    'Applies the migrations this version of Brygga has and the database lacks, each in its own transaction.',
    'Safe to run from several instances at once. Refuses to run against a database changed by hand or',
    'migrated by a newer Brygga. With --status it only lists what is applied and what is pending.',
  ].join('\n'),
  options: { ...configOption.options, status: { type: 'boolean' } },
  optionHelp: { ...configOption.help, status: 'List applied and pending migrations; change nothing.' },
  async run(context) {
    const { io } = context;
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        if (context.values.status === true) {
          const status = await migrationStatus(store, gatewayMigrations);
          const at = `Database (${store.driver}) is at version ${status.current}`;
          // A database `migrate` (and so `start`) would refuse must not look fine here: say so and exit 1.
          const summary =
            status.problems.length > 0
              ? `${at}; this version of Brygga refuses to migrate it:`
              : status.pending.length > 0
                ? `${at}; ${status.pending.length} migration(s) pending: run \`brygga db migrate\`.`
                : `${at}, up to date.`;
          io.stdout(
            [
              summary,
              ...status.applied.map((m) => `  applied  ${m.version} ${m.name}`),
              ...status.pending.map((m) => `  pending  ${m.version} ${m.name}`),
              ...status.problems.map((problem) => `  refused  ${problem.message}`),
              '',
            ].join('\n'),
          );
          return status.problems.length > 0 ? 1 : 0;
        }
        const result = await migrate(store, gatewayMigrations);
        io.stdout(
          result.applied.length === 0
            ? `Database (${store.driver}) is up to date at version ${result.current}.\n`
            : `Applied ${result.applied.map((m) => `${m.version} ${m.name}`).join(', ')}; database (${store.driver}) is at version ${result.current}.\n`,
        );
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'db migrate', error);
    }
  },
});
