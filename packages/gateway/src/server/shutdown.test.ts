import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { installShutdownHandlers, sameStopMs } from './shutdown.ts';

// SIGUSR2 stands in for SIGTERM so the test runner's own handlers are never involved; process.emit runs
// the listeners exactly as a delivered signal would.
const signal = 'SIGUSR2';
const uninstalls: (() => void)[] = [];
afterEach(() => {
  for (const uninstall of uninstalls.splice(0)) uninstall();
});

function setup(close: () => Promise<void>, clock = { ms: 0 }) {
  const exits: number[] = [];
  const reasons: (string | undefined)[] = [];
  const logs = captureLogs();
  const server = {
    close: (reason?: string) => {
      reasons.push(reason);
      return close();
    },
  };
  let exited: (code: number) => void = () => {};
  const nextExit = () =>
    new Promise<number>((resolve) => {
      exited = resolve;
    });
  uninstalls.push(
    installShutdownHandlers(server, {
      signals: [signal],
      logger: logs.logger,
      now: () => clock.ms,
      exit: (code) => {
        exits.push(code);
        exited(code);
      },
    }),
  );
  return { exits, reasons, logs, nextExit };
}

describe('installShutdownHandlers', () => {
  it('closes the server with the signal as reason, then exits 0', async () => {
    const { exits, reasons, logs, nextExit } = setup(async () => {});
    const exit = nextExit();
    process.emit(signal, signal);
    expect(await exit).toBe(0);
    expect(reasons).toEqual([signal]);
    expect(exits).toEqual([0]);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ msg: 'exiting', exitCode: 0 }));
  });

  it('exits 1 when closing fails', async () => {
    const { nextExit } = setup(async () => {
      throw new Error('grace period over');
    });
    const exit = nextExit();
    process.emit(signal, signal);
    expect(await exit).toBe(1);
  });

  it('exits 1 at once on a second signal, without waiting for the close', async () => {
    const clock = { ms: 0 };
    const { exits, reasons, nextExit } = setup(() => new Promise<void>(() => {}), clock);
    process.emit(signal, signal);
    expect(exits).toEqual([]);
    clock.ms = sameStopMs;
    const exit = nextExit();
    process.emit(signal, signal);
    expect(await exit).toBe(1);
    expect(reasons).toHaveLength(1);
  });

  it('takes a signal right after the first as the same stop (Ctrl+C reaches a runner and the gateway both)', async () => {
    const clock = { ms: 1_000 };
    let closed: () => void = () => {};
    const { exits, reasons, logs, nextExit } = setup(
      () =>
        new Promise<void>((resolve) => {
          closed = resolve;
        }),
      clock,
    );
    process.emit(signal, signal);
    clock.ms += sameStopMs - 1;
    process.emit(signal, signal);
    expect(exits).toEqual([]);
    expect(reasons).toHaveLength(1);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ msg: 'another signal for the same stop: still closing' }),
    );
    const exit = nextExit();
    closed();
    expect(await exit).toBe(0);
  });

  it('removes its handlers when uninstalled', () => {
    const before = process.listenerCount(signal);
    const uninstall = installShutdownHandlers(
      { close: async () => {} },
      { signals: [signal], exit: () => {} },
    );
    expect(process.listenerCount(signal)).toBe(before + 1);
    uninstall();
    expect(process.listenerCount(signal)).toBe(before);
  });
});
