import { describe, expect, it, vi } from 'vitest';
import { warnDeprecation } from './deprecation.ts';
import { sleep } from './request.ts';

describe('sleep', () => {
  it('rejects with the signal’s reason as soon as it aborts, and at once when already aborted', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('left the page'));
    await expect(waiting).rejects.toThrow('left the page');
    await expect(sleep(60_000, AbortSignal.abort('gone'))).rejects.toBe('gone');
  });

  it('resolves after the wait when not aborted', async () => {
    vi.useFakeTimers();
    try {
      const waiting = sleep(500, new AbortController().signal);
      vi.advanceTimersByTime(500);
      await expect(waiting).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('warnDeprecation', () => {
  it('says what ends when, and where to read more', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      warnDeprecation({
        contract: 'case-management',
        version: '2026-01-15',
        deprecatedAt: new Date('2026-10-01T00:00:00Z'),
        sunsetAt: new Date('2027-04-01T00:00:00Z'),
        link: '/reference/case-management#v2026-01-15',
      });
      expect(warn).toHaveBeenCalledWith(
        'Brygga: case-management version 2026-01-15 is deprecated from 2026-10-01 and stops working on 2027-04-01. Move to a newer version: /reference/case-management#v2026-01-15',
      );
    } finally {
      warn.mockRestore();
    }
  });
});

describe('warnDeprecation, with nothing readable', () => {
  it('does not print an empty sentence for an unparsable Deprecation header', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      warnDeprecation({
        contract: 'case-management',
        version: '2026-01-15',
        deprecatedAt: undefined,
        sunsetAt: undefined,
        link: undefined,
      });
      expect(warn).toHaveBeenCalledWith(
        'Brygga: case-management version 2026-01-15 is deprecated. Move to a newer version.',
      );
    } finally {
      warn.mockRestore();
    }
  });
});
