import { bryggaBin } from './paths.ts';
import {
  describeOutput,
  type Exit,
  exitWithin,
  type NodeProcess,
  type Output,
  type ProcessGroup,
} from './processes.ts';
import { waitForReady } from './wait.ts';

export interface CliOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Default 30 s: a command that hangs fails the test instead of the whole run. */
  readonly timeoutMs?: number;
}

export type CliResult = Exit & Output;

/** `brygga <args>` through the real bin, to completion. */
export async function runCli(
  group: ProcessGroup,
  args: readonly string[],
  options: CliOptions,
): Promise<CliResult> {
  const proc = group.spawnNode([bryggaBin, ...args], options);
  const exit = await exitWithin(proc, options.timeoutMs ?? 30_000, `brygga ${args.join(' ')}`);
  return { ...exit, ...proc.output() };
}

export interface RunningGatewayProcess {
  readonly proc: NodeProcess;
  /** Such as `http://127.0.0.1:41234`. */
  readonly url: string;
}

/**
 * `brygga start --config <file>` as a child process, resolved once `/health/ready` answers 200. Rejects with
 * the process's output if it exits first or is not ready within `readyTimeoutMs` (default 20 s).
 */
export async function startGatewayProcess(
  group: ProcessGroup,
  options: CliOptions & {
    readonly configFile: string;
    readonly port: number;
    readonly readyTimeoutMs?: number;
  },
): Promise<RunningGatewayProcess> {
  const proc = group.spawnNode([bryggaBin, 'start', '--config', options.configFile], options);
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForReady(`${url}/health/ready`, { timeoutMs: options.readyTimeoutMs ?? 20_000, proc });
  } catch (error) {
    proc.kill('SIGKILL');
    await proc.exited.catch(() => {});
    throw new Error(`${(error as Error).message}${describeOutput(proc.output())}`);
  }
  return { proc, url };
}
