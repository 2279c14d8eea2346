import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';

/** Where a command writes and what it reads; injected so commands are tested without a real terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
  readonly io: CliIo;
}

/** One CLI command: its words (`['config', 'check']`), its help text and what it does. Returns an exit code. */
export interface Command {
  readonly path: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly description: string;
  readonly options: OptionSpec;
  /** Descriptions of the options, for --help. */
  readonly optionHelp: Readonly<Record<string, string>>;
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly run: (context: CommandContext) => Promise<number>;
}

export function defineCommand(command: Command): Command {
  return command;
}

/** The `--config` option every command that reads the configuration shares. */
export const configOption = {
  options: { config: { type: 'string', short: 'c' } },
  help: { config: 'Path to the configuration file (default: brygga.config.yaml, or BRYGGA_CONFIG).' },
} as const satisfies { options: OptionSpec; help: Record<string, string> };

/** The absolute path of the configuration file: --config, else BRYGGA_CONFIG, else ./brygga.config.yaml. */
export function configPath(context: CommandContext): string {
  const value = context.values.config;
  const chosen = typeof value === 'string' ? value : (context.io.env.BRYGGA_CONFIG ?? 'brygga.config.yaml');
  return resolve(context.io.cwd, chosen);
}
