import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { bufferedDestination } from './destination.ts';
import { errorFields, gateLine } from './fields.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Lowest level written. Default `info`. */
  readonly level?: Level | 'silent';
  /**
   * Where lines go. Default: stdout, gathered and written in the background (`bufferedDestination`: at most
   * 100 ms late, written out synchronously when the process exits).
   */
  readonly destination?: DestinationStream;
}

/**
 * The application logger. Logs are for operating the gateway, not an audit trail: every line passes one gate
 * (`gateLine`) that keeps only allowlisted fields and masks anything shaped like a personnummer.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.child({ component: 'server' }).info({ address: 'http://127.0.0.1:8080' }, 'listening');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    formatters: {
      // Errors become code/name (and a stack for unexpected ones) before the gate sees them.
      log(object: Record<string, unknown>): Record<string, unknown> {
        if (!('err' in object)) return object;
        const { err, ...rest } = object;
        return { ...rest, ...errorFields(err) };
      },
    },
    hooks: { streamWrite: gateLine },
  };
  return pino(config, options.destination ?? bufferedDestination());
}
