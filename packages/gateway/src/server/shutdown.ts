import type { Logger } from 'pino';
import type { RunningServer } from './serve.ts';

export interface ShutdownHandlerOptions {
  /** Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Default `process.exit`; tests pass a spy. */
  readonly exit?: (code: number) => void;
  readonly logger?: Logger;
}

/**
 * On the first signal: `server.close(signal)`, then exit 0, or 1 if the close failed (grace period over,
 * `onClose` threw). A second signal exits 1 at once, for an operator who will not wait.
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
  let shuttingDown = false;

  const finish = (exitCode: number): void => {
    log?.info({ exitCode }, 'exiting');
    exit(exitCode);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      log?.warn({ signal }, 'second signal: not waiting any longer');
      finish(1);
      return;
    }
    shuttingDown = true;
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
