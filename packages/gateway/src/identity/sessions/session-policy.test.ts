import { describe, expect, it } from 'vitest';
import { judgeSession } from './session-policy.ts';

const policy = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };

describe('judgeSession', () => {
  it('is active until idle or past its absolute end, and ended once ended', () => {
    const base = { lastSeenAt: 0, expiresAt: policy.absoluteMs, endedAt: null };
    expect(judgeSession(base, policy, policy.idleMs - 1)).toBe('active');
    expect(judgeSession(base, policy, policy.idleMs)).toBe('idle');
    expect(judgeSession({ ...base, lastSeenAt: policy.absoluteMs - 1 }, policy, policy.absoluteMs)).toBe(
      'expired',
    );
    expect(judgeSession({ ...base, endedAt: 5 }, policy, 6)).toBe('ended');
  });
});
