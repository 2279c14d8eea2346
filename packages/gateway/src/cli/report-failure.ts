import { BryggaError } from '@brygga/contract';
import { ConfigError, formatIssues } from '../config/index.ts';
import type { CliIo } from './command.ts';

/**
 * Turns a failure into one plain message on stderr and exit code 1. Configuration mistakes are listed in full;
 * Brygga errors print their detail; anything else prints its message only (no stack: this is for operators).
 */
export function reportFailure(io: CliIo, commandName: string, error: unknown): number {
  if (error instanceof ConfigError) {
    io.stderr(
      `brygga ${commandName}: the configuration has mistakes:\n\n${formatIssues(error.issues, error.filePath)}\n`,
    );
  } else if (BryggaError.is(error)) {
    io.stderr(`brygga ${commandName}: ${error.message}\n`);
  } else {
    io.stderr(`brygga ${commandName}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return 1;
}
