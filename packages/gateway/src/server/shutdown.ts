import type { Logger } from 'pino';
import type { RunningServer } from './serve.ts';

export interface ShutdownHandlerOptions {
  /** Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Default `process.exit`; tests pass a spy. */
  readonly exit?: (code: number) => void;
  readonly logger?: Logger;
  /** Epoch milliseconds; tests pass a clock. */
  readonly now?: () => number;
}

/**
 * A second signal this soon after the first is the same request to stop, not an operator's "stop now": Ctrl+C
 * signals a terminal's whole foreground process group, so a gateway under a runner that passes signals on
 * (`pnpm dev`, a shell script, some supervisors) gets SIGINT from the terminal and SIGTERM from the runner
 * within milliseconds. Nobody presses Ctrl+C twice that fast.
 */
export const sameStopMs = 500;

/**
 * On the first signal: `server.close(signal)`, then exit 0, or 1 if the close failed (grace period over,
 * `onClose` threw). A second signal exits 1 at once, for an operator who will not wait, unless it comes within
 * `sameStopMs` of the first (the same stop, passed on by a runner).
 * Returns a function that removes the handlers.
 *
 * @example
 * installShutdownHandlers(await startServer({ ... }), { logger });
 */
export function installShutdownHandlers(
  server: Pick<RunningServer, 'close'>,
  options: ShutdownHandlerOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.logger?.child({ component: 'shutdown' });
  const now = options.now ?? Date.now;
  let shuttingDown = false;
  let firstAt = 0;

  const finish = (exitCode: number): void => {
    log?.info({ exitCode }, 'exiting');
    exit(exitCode);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      if (now() - firstAt < sameStopMs) {
        log?.info({ signal }, 'another signal for the same stop: still closing');
        return;
      }
      log?.warn({ signal }, 'second signal: not waiting any longer');
      finish(1);
      return;
    }
    shuttingDown = true;
    firstAt = now();
    log?.info({ signal }, 'shutting down');
    server.close(signal).then(
      () => finish(0),
      () => finish(1),
    );
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
