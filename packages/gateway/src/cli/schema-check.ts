import { gatewayMigrations, migrationStatus, type Store } from '../storage/index.ts';
import type { CliIo } from './command.ts';

/**
 * Whether the database's schema is exactly the one this build knows, for commands that work on a running
 * gateway's data (outbox, audit prune). They never migrate it themselves: a newer `brygga` run by an operator
 * would otherwise change the schema under the gateways still running the older version. When it is not current
 * this says why on stderr and what to do.
 */
export async function schemaIsCurrent(store: Store, io: CliIo, commandName: string): Promise<boolean> {
  const status = await migrationStatus(store, gatewayMigrations);
  if (status.problems.length > 0) {
    const reasons = status.problems.map((problem) => `  ${problem.message}`).join('\n');
    io.stderr(
      `brygga ${commandName}: this build of Brygga does not match the database's schema:\n${reasons}\nUse the brygga of the version the gateway runs.\n`,
    );
    return false;
  }
  if (status.pending.length > 0) {
    const names = status.pending.map((migration) => `${migration.version} ${migration.name}`).join(', ');
    io.stderr(
      `brygga ${commandName}: the database is not migrated to this version of Brygga (pending: ${names}). ` +
        'Start the gateway of this version, or run `brygga db migrate`, first.\n',
    );
    return false;
  }
  return true;
}
