import { type ChildProcess, spawn } from 'node:child_process';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Output {
  readonly stdout: string;
  readonly stderr: string;
}

/** A child Node process whose output is kept, for assertions and for failure messages. */
export interface NodeProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  output(): Output;
  /** True until the process has exited. */
  running(): boolean;
  /** Sends `signal` (default SIGKILL) to the process, or to its whole group when it has one of its own. */
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  readonly cwd: string;
  /** The whole environment of the child: nothing is inherited beyond `baseEnv()` unless passed here. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Start it as the leader of a process group of its own, so a kill reaches the processes it starts too
   * (the dev stack's services would otherwise outlive a killed `scripts/dev.ts` and hold their ports).
   */
  readonly ownProcessGroup?: boolean;
}

/**
 * What every child gets: enough to run, nothing from the developer's shell that could change the result
 * (a BRYGGA_CONFIG or BRYGGA_DATABASE_URL left exported, say).
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1', LANG: 'C.UTF-8' };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * The processes one test file started. `stopAll()` in `afterAll` kills whatever still runs, so a failing
 * test never leaves a gateway holding a port.
 */
export class ProcessGroup {
  readonly #processes = new Set<NodeProcess>();

  /** Runs `node <args>` on the Node that runs the tests (the pinned Node 24). */
  spawnNode(args: readonly string[], options: SpawnOptions): NodeProcess {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownProcessGroup === true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    let done = false;
    // 'close' rather than 'exit': it comes after the output streams have ended, so output() is complete.
    const exited = new Promise<Exit>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        done = true;
        resolve({ code, signal });
      });
    });
    const handle: NodeProcess = {
      child,
      exited,
      output: () => ({ stdout, stderr }),
      running: () => !done,
      kill(signal = 'SIGKILL') {
        if (options.ownProcessGroup === true && child.pid !== undefined) {
          try {
            process.kill(-child.pid, signal);
            return;
          } catch {
            // The group is gone already; fall back to the process itself.
          }
        }
        child.kill(signal);
      },
    };
    this.#processes.add(handle);
    void exited.finally(() => this.#processes.delete(handle)).catch(() => {});
    return handle;
  }

  /** SIGKILLs every process still running and waits until each has exited. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.#processes].map(async (each) => {
        if (each.running()) each.kill('SIGKILL');
        await each.exited.catch(() => {});
      }),
    );
  }
}

/** Resolves with the exit, or kills the process and rejects (with its output) when it takes longer than `ms`. */
export async function exitWithin(proc: NodeProcess, ms: number, what: string): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${what} did not exit within ${ms / 1000} s.${describeOutput(proc.output())}`));
    }, ms);
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The tail of a process's output, for error messages. */
export function describeOutput(output: Output): string {
  const tail = (text: string) => text.split('\n').slice(-30).join('\n');
  return `\n--- stdout ---\n${tail(output.stdout)}\n--- stderr ---\n${tail(output.stderr)}`;
}
