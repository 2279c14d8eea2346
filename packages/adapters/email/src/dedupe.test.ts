import { describe, expect, it } from 'vitest';
import { Deduplicator, fingerprintOf, KeyReusedError } from './dedupe.ts';

describe('Deduplicator', () => {
  it('runs the work once per key, and forgets a key after its time or when full', async () => {
    let now = 0;
    let runs = 0;
    const dedupe = new Deduplicator<number>({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    const work = async () => ++runs;
    expect(await dedupe.run('a', 'f', work)).toBe(1);
    expect(await dedupe.run('a', 'f', work)).toBe(1);
    now = 1_000;
    expect(await dedupe.run('a', 'f', work)).toBe(2);
    await dedupe.run('b', 'f', work);
    await dedupe.run('c', 'f', work);
    expect(dedupe.size).toBe(2);
    expect(await dedupe.run('a', 'f', work)).toBe(5);
  });

  it('refuses the same key with another fingerprint, and forgets failures', async () => {
    const dedupe = new Deduplicator<string>();
    await expect(dedupe.run('k', 'one', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await dedupe.run('k', 'one', async () => 'sent')).toBe('sent');
    await expect(dedupe.run('k', 'two', async () => 'again')).rejects.toBeInstanceOf(KeyReusedError);
  });
});

describe('Deduplicator and the callers’ signals', () => {
  it('keeps the work going while any caller waits, and aborts and forgets it when none does', async () => {
    const dedupe = new Deduplicator<string>();
    const signals: AbortSignal[] = [];
    const finishers: ((value: string) => void)[] = [];
    const work = (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        signals.push(signal);
        finishers.push(resolve);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });

    const first = new AbortController();
    const firstResult = dedupe.run('k', 'f', work, first.signal);
    const second = dedupe.run('k', 'f', work, new AbortController().signal);
    first.abort(new Error('first left'));
    await expect(firstResult).rejects.toThrow('first left');
    expect(signals[0]?.aborted).toBe(false);
    finishers[0]?.('sent');
    expect(await second).toBe('sent');
    expect(signals).toHaveLength(1);

    const only = new AbortController();
    const lone = dedupe.run('n', 'f', work, only.signal);
    only.abort(new Error('gone'));
    await expect(lone).rejects.toThrow('gone');
    expect(signals[1]?.aborted).toBe(true);
    const again = dedupe.run('n', 'f', work, new AbortController().signal);
    finishers[2]?.('sent again');
    expect(await again).toBe('sent again');
  });
});

describe('fingerprintOf', () => {
  it('does not depend on key order, and tells values apart', () => {
    expect(fingerprintOf({ a: 1, b: [1, { c: 'x' }] })).toBe(fingerprintOf({ b: [1, { c: 'x' }], a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
  });
});
