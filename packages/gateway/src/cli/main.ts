import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo, Command } from './command.ts';
import { auditPruneCommand } from './commands/audit-prune.ts';
import { auditVerifyCommand } from './commands/audit-verify.ts';
import { configCheckCommand } from './commands/config-check.ts';
import { contractsCheckCommand } from './commands/contracts-check.ts';
import { contractsImpactCommand } from './commands/contracts-impact.ts';
import { contractsUsageCommand } from './commands/contracts-usage.ts';
import { dbMigrateCommand } from './commands/db-migrate.ts';
import { keysRotateCommand } from './commands/keys-rotate.ts';
import { outboxDiscardCommand } from './commands/outbox-discard.ts';
import { outboxListCommand } from './commands/outbox-list.ts';
import { outboxRetryCommand } from './commands/outbox-retry.ts';
import { registryExportCommand } from './commands/registry-export.ts';
import { devCommand, startCommand } from './commands/start.ts';
import { usageSummaryCommand } from './commands/usage-summary.ts';
import { commandHelp, overviewHelp } from './help.ts';

export const commands: readonly Command[] = [
  startCommand,
  devCommand,
  configCheckCommand,
  dbMigrateCommand,
  auditVerifyCommand,
  auditPruneCommand,
  keysRotateCommand,
  contractsCheckCommand,
  contractsUsageCommand,
  contractsImpactCommand,
  registryExportCommand,
  usageSummaryCommand,
  outboxListCommand,
  outboxRetryCommand,
  outboxDiscardCommand,
];

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

/** Finds the command whose words start the argument list, longest match first (`config check` before `config`). */
function findCommand(args: readonly string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, index) => args[index] === word)) {
      return { command, rest: args.slice(command.path.length) };
    }
  }
  return undefined;
}

/** Runs the CLI and returns the exit code: 0 success, 1 the work failed, 2 the command line was wrong. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout(overviewHelp(commands, version));
    return 0;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const found = findCommand(args);
  if (!found) {
    io.stderr(`brygga: unknown command "${args.join(' ')}".\n\n${overviewHelp(commands, version)}`);
    return 2;
  }
  const { command, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`brygga ${command.path.join(' ')}: ${(error as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const limits = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < limits.min || parsed.positionals.length > limits.max) {
    io.stderr(`brygga ${command.path.join(' ')}: wrong number of arguments.\n\n${commandHelp(command)}`);
    return 2;
  }
  return command.run({
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    io,
  });
}
