import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Mutex', () => {
  it('lets one holder in at a time, even across awaits', async () => {
    const mutex = new Mutex();
    let inside = 0;
    let maxInside = 0;
    const work = async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      await tick();
      await tick();
      inside -= 1;
    };
    await Promise.all(Array.from({ length: 20 }, () => mutex.run(work)));
    expect(maxInside).toBe(1);
    expect(mutex.locked).toBe(false);
  });

  it('serves waiters in arrival order', async () => {
    const mutex = new Mutex();
    const order: number[] = [];
    const release = await mutex.lock();
    const done = [1, 2, 3, 4].map((n) => mutex.run(() => order.push(n)));
    expect(order).toEqual([]);
    release();
    await Promise.all(done);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('ignores a second release from a stale holder', async () => {
    const mutex = new Mutex();
    const first = await mutex.lock();
    const second = mutex.lock();
    first();
    const releaseSecond = await second;
    first();
    expect(mutex.locked).toBe(true);
    let thirdGotIn = false;
    const third = mutex.lock().then((release) => {
      thirdGotIn = true;
      return release;
    });
    await tick();
    expect(thirdGotIn).toBe(false);
    releaseSecond();
    (await third)();
    expect(mutex.locked).toBe(false);
  });

  it('releases when the work throws and passes the error on', async () => {
    const mutex = new Mutex();
    const boom = new Error('boom');
    await expect(
      mutex.run(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(mutex.locked).toBe(false);
    await expect(mutex.run(() => 7)).resolves.toBe(7);
  });
});
