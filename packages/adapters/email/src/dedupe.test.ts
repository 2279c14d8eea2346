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

describe('fingerprintOf', () => {
  it('does not depend on key order, and tells values apart', () => {
    expect(fingerprintOf({ a: 1, b: [1, { c: 'x' }] })).toBe(fingerprintOf({ b: [1, { c: 'x' }], a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
  });
});
