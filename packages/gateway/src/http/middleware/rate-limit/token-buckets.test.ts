import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.ts';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, per key', () => {
    const time = clock();
    const buckets = new TokenBuckets({ rule: { burst: 3, perMinute: 60 }, now: time.now });
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another key has its own bucket.
    expect(buckets.take('b').allowed).toBe(true);
    time.advance(999);
    expect(buckets.take('a').allowed).toBe(false);
    time.advance(1);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('says how long until the next token, in whole seconds', () => {
    const time = clock();
    const buckets = new TokenBuckets({ rule: { burst: 1, perMinute: 2 }, now: time.now });
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    time.advance(10_500);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('never refills past the burst, and a clock stepping back takes nothing', () => {
    const time = clock();
    const buckets = new TokenBuckets({ rule: { burst: 2, perMinute: 60 }, now: time.now });
    time.advance(3_600_000);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
    time.advance(-60_000);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('forgets buckets idle long enough to be full again', () => {
    const time = clock();
    const buckets = new TokenBuckets({ rule: { burst: 2, perMinute: 60 }, now: time.now });
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    expect(buckets.size).toBe(3);
    time.advance(1_000);
    buckets.take('c');
    // Full again after 2 s idle (2 tokens at 1 per second): a and b go, c (used 1 s later) stays.
    time.advance(1_000);
    buckets.take('d');
    expect(buckets.size).toBe(2);
  });

  it('holds at most maxKeys buckets, dropping the least recently used', () => {
    const time = clock();
    const buckets = new TokenBuckets({ rule: { burst: 1, perMinute: 1 }, maxKeys: 3, now: time.now });
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    buckets.take('a'); // a is now the most recent; b the least.
    for (let i = 0; i < 1000; i += 1) buckets.take(`flood-${i}`);
    expect(buckets.size).toBe(3);
    expect(buckets.take('flood-999').allowed).toBe(false);
  });

  it('refuses rules that would never allow anything', () => {
    expect(() => new TokenBuckets({ rule: { burst: 0, perMinute: 60 } })).toThrow(RangeError);
    expect(() => new TokenBuckets({ rule: { burst: 1, perMinute: 0 } })).toThrow(RangeError);
  });
});
