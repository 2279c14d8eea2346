import { describe, expect, it } from 'vitest';
import { untilAborted } from './until-aborted.ts';

describe('untilAborted', () => {
  it('passes on the work’s value or error while the signal stays quiet, and stops listening', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('failed')), controller.signal)).rejects.toThrow(
      'failed',
    );
    // Aborting now reaches no stale listener (it would reject an already settled promise, harmlessly, but leak).
    controller.abort(new Error('late'));
  });

  it('rejects with the signal’s reason as soon as it aborts, or at once when it already has', async () => {
    const controller = new AbortController();
    const pending = untilAborted(new Promise<never>(() => {}), controller.signal);
    controller.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
    await expect(untilAborted(Promise.resolve(1), controller.signal)).rejects.toThrow('gone');
  });

  it('rejects with the reason the caller names', async () => {
    const controller = new AbortController();
    const pending = untilAborted(
      new Promise<never>(() => {}),
      controller.signal,
      () => new Error('deadline'),
    );
    controller.abort();
    await expect(pending).rejects.toThrow('deadline');
  });
});
