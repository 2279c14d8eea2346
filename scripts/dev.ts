/**
 * `pnpm dev`: the whole local stack on fixed localhost ports, on the embedded database, with one printout of
 * what runs where. Only services that really exist are started; each is waited for until it answers.
 *
 *   --smoke   start everything, check that each answers, print the table, stop again (used by a test)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevService, devServices } from './dev-services.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.argv.includes('--smoke');
const readyTimeoutMs = 30_000;

const colours = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const reset = '\x1b[0m';
const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;

const children = new Map<DevService, ChildProcess>();
let stopping = false;

function prefix(service: DevService, index: number): string {
  const label = `[${service.id}]`.padEnd(18);
  return useColour ? `${colours[index % colours.length]}${label}${reset}` : label;
}

function pipeLines(stream: NodeJS.ReadableStream, write: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) write(line);
  });
  stream.on('end', () => buffered && write(buffered));
}

function start(service: DevService, index: number): ChildProcess {
  // process.execPath is the pinned Node 24 when started through `pnpm dev`.
  const child = spawn(process.execPath, service.args, {
    cwd: root,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tag = prefix(service, index);
  if (!smoke || process.env.BRYGGA_DEV_VERBOSE) {
    pipeLines(child.stdout, (line) => process.stdout.write(`${tag} ${line}\n`));
    pipeLines(child.stderr, (line) => process.stderr.write(`${tag} ${line}\n`));
  } else {
    child.stdout.resume();
    pipeLines(child.stderr, (line) => process.stderr.write(`${tag} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      process.stderr.write(
        `\n${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.\n`,
      );
      void stopAll(1);
    }
  });
  children.set(service, child);
  return child;
}

async function waitUntilReady(service: DevService): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    try {
      const response = await fetch(service.readyUrl, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    `${service.name} did not become ready at ${service.readyUrl} within ${readyTimeoutMs / 1000} s (${lastProblem})`,
  );
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = [...children.entries()].map(
    ([service, child]) =>
      new Promise<string | undefined>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', (code, signal) => {
          clearTimeout(force);
          resolve(
            code === 0
              ? undefined
              : `${service.name} did not stop cleanly (${signal ?? `exit code ${code}`}).`,
          );
        });
        child.kill('SIGTERM');
      }),
  );
  const unclean = (await Promise.all(exits)).filter((problem) => problem !== undefined);
  // The smoke check covers a clean stop too: a service that hangs or fails on SIGTERM fails it.
  if (smoke && unclean.length > 0) {
    process.stderr.write(`\n${unclean.join('\n')}\n`);
    process.exit(1);
  }
  process.exit(exitCode);
}

function printTable(services: readonly DevService[], startedMs: number): void {
  const width = Math.max(...services.map((service) => service.name.length));
  const lines = [
    '',
    `Brygga is running (ready in ${((performance.now() - startedMs) / 1000).toFixed(1)} s):`,
    '',
    ...services.map(
      (service) =>
        `  ${service.name.padEnd(width)}  ${service.url}${service.note ? `  (${service.note})` : ''}`,
    ),
    '',
    `Start at ${services.find((service) => service.id === 'gateway')?.url ?? services[0]?.url}/ : it links everything.`,
    ...(services.some((service) => service.id === 'e-service')
      ? [
          `As a citizen: ${services.find((service) => service.id === 'e-service')?.url}/ and log in as a test person.`,
        ]
      : []),
    smoke ? 'Smoke check passed; stopping.' : 'Press Ctrl+C to stop everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function run(): Promise<void> {
  const startedMs = performance.now();
  mkdirSync(join(root, '.brygga'), { recursive: true });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const services = devServices(root);
  for (const [index, service] of services.entries()) start(service, index);
  try {
    await Promise.all(services.map((service) => waitUntilReady(service)));
  } catch (error) {
    if (!stopping) {
      process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
      await stopAll(1);
    }
    return;
  }
  printTable(services, startedMs);
  if (smoke) await stopAll(0);
}

await run();
