import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedDestination } from './destination.ts';

const node = fileURLToPath(new URL('../../../../node_modules/.bin/node', import.meta.url));
const loggerModule = new URL('./logger.ts', import.meta.url).href;

const opened: { dir: string; fd: number }[] = [];
afterEach(() => {
  for (const { dir, fd } of opened.splice(0)) {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});

function logFile(): { fd: number; text: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-log-'));
  const path = join(dir, 'log');
  const fd = openSync(path, 'a');
  opened.push({ dir, fd });
  return { fd, text: () => readFileSync(path, 'utf8') };
}

const lines = ['{"msg":"one"}\n', '{"msg":"two"}\n', '{"msg":"three"}\n'];

describe('bufferedDestination', () => {
  it('gathers lines and writes them in the background, in order', async () => {
    const file = logFile();
    const destination = bufferedDestination({ fd: file.fd, maxDelayMs: 10 });
    for (const line of lines) destination.write(line);
    expect(file.text()).toBe(''); // nothing written while logging
    await vi.waitFor(() => expect(file.text()).toBe(lines.join('')), { timeout: 5_000 });
  });

  it('writes as soon as minLength characters are gathered, without waiting for the delay', async () => {
    const file = logFile();
    const destination = bufferedDestination({ fd: file.fd, minLength: 30, maxDelayMs: 600_000 });
    destination.write(lines[0] as string);
    destination.write(lines[1] as string); // 28 characters: still gathered
    destination.write(lines[2] as string);
    await vi.waitFor(() => expect(file.text()).toBe(lines.join('')), { timeout: 5_000 });
  });

  it('writes everything gathered before flushSync returns', () => {
    const file = logFile();
    const destination = bufferedDestination({ fd: file.fd, maxDelayMs: 600_000 });
    for (const line of lines) destination.write(line);
    destination.flushSync();
    expect(file.text()).toBe(lines.join(''));
  });

  // The application logger in a real process: its last lines reach stdout however the process ends.
  it.each([
    ['process.exit', 'process.exit(3)', 3],
    ['an uncaught error', "setImmediate(() => { throw new Error('boom'); })", 1],
    ['an empty event loop', '', 0],
  ])('writes the last lines on exit by %s', async (_name, ending, code) => {
    const script = [
      `import { createLogger } from ${JSON.stringify(loggerModule)};`,
      'const logger = createLogger();',
      "for (const operation of ['a', 'b', 'c']) logger.info({ operation }, 'line');",
      ending,
    ].join('\n');
    const child = spawn(node, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const [exitCode] = await once(child, 'close'); // after stdout has ended
    expect(exitCode).toBe(code);
    const logged = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { operation?: string });
    expect(logged.map((line) => line.operation)).toEqual(['a', 'b', 'c']);
  });
});
