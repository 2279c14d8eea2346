// What the CLI tests run a command with: an io that keeps what the command printed, so a test can read it back.
import type { CliIo } from './command.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with an io on `env` and `cwd` that keeps its output, and returns the exit code and output. */
export async function runWithCapturedIo(
  env: CliIo['env'],
  cwd: string,
  command: (io: CliIo) => Promise<number>,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd,
  };
  const code = await command(io);
  return { code, stdout, stderr };
}
