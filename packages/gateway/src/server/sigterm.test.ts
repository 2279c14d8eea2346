import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionError, send } from '../../test/fixtures/http-client.ts';
import { sameStopMs } from './shutdown.ts';

// The real thing: the pinned Node 24 running a gateway process, stopped by real signals.
const node = fileURLToPath(new URL('../../../../node_modules/.bin/node', import.meta.url));
const fixture = fileURLToPath(new URL('../../test/fixtures/slow-server.ts', import.meta.url));

type Line = Record<string, unknown>;

interface Gateway {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Line[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first line (already seen or still to come) matching, counting from `after`. */
  line(predicate: (line: Line) => boolean, count?: number): Promise<Line>;
  url(): Promise<string>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startGateway(env: Record<string, string> = {}): Gateway {
  const child = spawn(node, [fixture], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Line);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (predicate: (line: Line) => boolean, count = 1) =>
    new Promise<Line>((resolve, reject) => {
      const check = () => {
        const matching = lines.filter(predicate);
        if (matching.length >= count) {
          waiters.delete(check);
          resolve(matching[count - 1] as Line);
        }
      };
      waiters.add(check);
      void exited.then((code) => {
        if (waiters.has(check)) reject(new Error(`gateway exited (${code}) first; stderr: ${stderr}`));
      });
      check();
    });
  return {
    child,
    lines,
    exited,
    line,
    url: async () => String((await line((l) => l.msg === 'listening')).address),
  };
}

const message = (msg: string) => (line: Line) => line.msg === msg;

describe('SIGTERM in a real gateway process', () => {
  it('lets in-flight requests finish with 200, refuses new connections, closes the store, exits 0', async () => {
    const gateway = startGateway();
    const url = await gateway.url();
    const inFlight = [1, 2, 3].map(() => send(`${url}/slow`, { agent: false }));
    await gateway.line(message('slow request started'), 3);

    gateway.child.kill('SIGTERM');
    await gateway.line(message('draining: no longer accepting connections'));
    expect(await connectionError(`${url}/health/live`)).toBe('ECONNREFUSED');
    expect(gateway.lines.some(message('store closed'))).toBe(false);

    gateway.child.stdin.write('release\n');
    for (const res of await Promise.all(inFlight)) {
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ done: true });
    }
    expect(await gateway.exited).toBe(0);
    expect(gateway.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'store closed', 'stopped', 'exiting']),
    );
    expect(gateway.lines.find(message('exiting'))?.exitCode).toBe(0);
  });

  it('exits 1 when in-flight requests outlast the grace period, after closing the store', async () => {
    const gateway = startGateway({ GRACE_MS: '100' });
    const url = await gateway.url();
    const stuck = send(`${url}/slow`, { agent: false }).catch((error: NodeJS.ErrnoException) => error.code);
    await gateway.line(message('slow request started'));
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(1);
    expect(await stuck).toBe('ECONNRESET');
    expect(gateway.lines.some(message('grace period over: closing the remaining connections'))).toBe(true);
    expect(gateway.lines.some(message('store closed'))).toBe(true);
  });

  it('exits 1 at once on a second signal', async () => {
    const gateway = startGateway();
    const url = await gateway.url();
    void send(`${url}/slow`, { agent: false }).catch(() => {});
    await gateway.line(message('slow request started'));
    gateway.child.kill('SIGTERM');
    await gateway.line(message('draining: no longer accepting connections'));
    // Later than a runner passing the same stop on (sameStopMs): an operator's second Ctrl+C.
    await sleep(sameStopMs + 100);
    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toBe(1);
    expect(gateway.lines.some(message('second signal: not waiting any longer'))).toBe(true);
    expect(gateway.lines.some(message('store closed'))).toBe(false);
  });
});
