/** How long a login session may live: since its last use, and in all. Milliseconds. */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export interface SessionTimes {
  /** Epoch milliseconds. */
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly endedAt: number | null;
}

export type SessionVerdict = 'active' | 'ended' | 'idle' | 'expired';

/** Whether a session may still be used at `now`. Pure; the store applies it to every read. */
export function judgeSession(session: SessionTimes, policy: SessionPolicy, now: number): SessionVerdict {
  if (session.endedAt !== null) return 'ended';
  if (now >= session.expiresAt) return 'expired';
  if (now - session.lastSeenAt >= policy.idleMs) return 'idle';
  return 'active';
}

/** Use refreshes `last_seen_at` at most this often, so API traffic does not write on every call. */
export const touchIntervalMs = 30_000;
