import { Writable } from 'node:stream';
import { type BryggaConfig, loadConfig } from '../../config/index.ts';
import { createLogger, installShutdownHandlers, type Logger } from '../../http/index.ts';
import { startGateway } from '../../runtime/gateway.ts';
import { type CommandContext, configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';

const portOption = {
  options: { port: { type: 'string', short: 'p' } },
  help: { port: 'Listen on this port instead of server.port from the configuration.' },
} as const;

export const startCommand = defineCommand({
  path: ['start'],
  summary: 'Run the gateway.',
  usage: 'start [--config file] [--port n]',
  description: [
    'Checks the configuration, brings the database schema up to date and starts the gateway. Logs are JSON',
    'lines on stdout. SIGTERM or SIGINT stops it gracefully: no new requests, running ones finish, the',
    'database is closed, and the process exits 0.',
  ].join('\n'),
  options: { ...configOption.options, ...portOption.options },
  optionHelp: { ...configOption.help, ...portOption.help },
  run: (context) => run(context, 'start'),
});

export const devCommand = defineCommand({
  path: ['dev'],
  summary: 'Run the gateway for development: readable logs, debug level.',
  usage: 'dev [--config file] [--port n]',
  description: [
    'Like `brygga start`, but logs are printed for people instead of machines, at debug level unless the',
    'configuration says otherwise, and the configuration must say environment: development. `pnpm dev` at the',
    'repository root starts the whole local stack around it.',
  ].join('\n'),
  options: { ...configOption.options, ...portOption.options },
  optionHelp: { ...configOption.help, ...portOption.help },
  run: (context) => run(context, 'dev'),
});

async function run(context: CommandContext, mode: 'start' | 'dev'): Promise<number> {
  const { io } = context;
  let port: number | undefined;
  if (typeof context.values.port === 'string') {
    // Digits only: Number() would take '' or ' ' as 0 (a random port), and '1e3' or '0x50' as other ports.
    port = /^\d{1,5}$/.test(context.values.port) ? Number(context.values.port) : Number.NaN;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr(`brygga ${mode}: --port must be a whole number from 0 to 65535.\n`);
      return 2;
    }
  }
  let config: BryggaConfig;
  try {
    config = await loadConfig(configPath(context), { env: io.env });
  } catch (error) {
    return reportFailure(io, mode, error);
  }
  if (mode === 'dev' && config.environment !== 'development') {
    io.stderr(
      `brygga dev: the configuration says environment: ${config.environment}. Use \`brygga start\` outside development.\n`,
    );
    return 2;
  }
  const logger =
    mode === 'dev' ? await devLogger(config, io.stdout) : createLogger({ level: config.logging.level });
  try {
    const gateway = await startGateway(config, { logger, ...(port === undefined ? {} : { port }) });
    installShutdownHandlers(gateway.server, { logger });
    logger.info(
      { component: 'server', address: gateway.url, instanceId: gateway.instanceId },
      'gateway ready',
    );
    // Stay alive: the shutdown handlers end the process.
    return await new Promise<number>(() => {});
  } catch (error) {
    logger.flush?.();
    return reportFailure(io, mode, error);
  }
}

/** Readable log lines for people; pino-pretty is loaded only here, so `start` does not pay for it. */
async function devLogger(config: BryggaConfig, write: (text: string) => void): Promise<Logger> {
  const { default: pretty } = await import('pino-pretty');
  const destination = pretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
    destination: new Writable({
      write(chunk, _encoding, callback) {
        write(chunk.toString());
        callback();
      },
    }),
  });
  return createLogger({ level: config.logging.level, destination });
}
