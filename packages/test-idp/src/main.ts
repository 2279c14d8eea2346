import { readFileSync } from 'node:fs';
import { defaultDevClient, parseCli, readClients, readPersons, usage } from './cli.ts';
import { assertNotProduction } from './production-guard.ts';
import { startTestIdp } from './server.ts';

export interface MainIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  readonly stopSignal: () => Promise<string>;
}

const processIo: MainIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stopSignal: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
};

/**
 * Runs the test IdP until stopped. Returns the exit code: 0 stopped cleanly, 1 could not start, 2 the command
 * line was wrong.
 */
export async function main(args: readonly string[], io: MainIo = processIo): Promise<number> {
  const parsed = parseCli(args, io.env);
  if (parsed.kind === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`brygga-test-idp: ${parsed.message}\n\n${usage}`);
    return 2;
  }
  const { settings } = parsed;
  try {
    assertNotProduction(settings.nodeEnv, settings.allowProduction);
    const clients = settings.clientsFile
      ? readClients(JSON.parse(readFileSync(settings.clientsFile, 'utf8')))
      : [defaultDevClient(settings.clientSecret)];
    const persons = settings.personsFile
      ? readPersons(JSON.parse(readFileSync(settings.personsFile, 'utf8')))
      : undefined;
    const stopped = io.stopSignal();
    const idp = await startTestIdp({
      port: settings.port,
      host: settings.host,
      ...(settings.issuer === undefined ? {} : { issuer: settings.issuer }),
      clients,
      ...(persons === undefined ? {} : { persons }),
      ...(settings.subjectSecret === undefined ? {} : { subjectSecret: settings.subjectSecret }),
      allowProduction: settings.allowProduction,
      onError: (error) => io.stderr(`brygga-test-idp: unexpected ${describe(error)}\n`),
    });
    io.stdout(
      `Test BankID IdP - NOT FOR PRODUCTION - listening on ${idp.url}\n` +
        `  issuer  ${idp.issuer}\n` +
        `  clients ${clients.map((client) => client.client_id).join(', ')}\n`,
    );
    const signal = await stopped;
    io.stdout(`Stopping (${signal}).\n`);
    await idp.close();
    return 0;
  } catch (error) {
    io.stderr(`brygga-test-idp: could not start: ${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
