import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseLifecycleDate, versionStatus } from './version.ts';

describe('versionStatus', () => {
  const deprecatedAt = Date.UTC(2026, 9, 1);
  const sunsetAt = Date.UTC(2027, 3, 1);
  const version = { deprecatedAt, sunsetAt };

  it('moves from active to deprecated to sunset at the exact instants', () => {
    expect(versionStatus(version, deprecatedAt - 1).status).toBe('active');
    expect(versionStatus(version, new Date(deprecatedAt)).status).toBe('deprecated');
    expect(versionStatus(version, sunsetAt - 1).status).toBe('deprecated');
    expect(versionStatus(version, sunsetAt)).toEqual({ status: 'sunset', deprecatedAt, sunsetAt });
  });

  it('stays active without dates', () => {
    expect(versionStatus({ deprecatedAt: undefined, sunsetAt: undefined }, Date.UTC(2100, 0, 1))).toEqual({
      status: 'active',
      deprecatedAt: undefined,
      sunsetAt: undefined,
    });
  });
});

describe('lifecycle dates', () => {
  it('reads dates as midnight UTC and date-times only with a zone', () => {
    expect(parseLifecycleDate('2026-10-01')).toBe(Date.UTC(2026, 9, 1));
    expect(parseLifecycleDate('2026-10-01T12:00:00+02:00')).toBe(Date.UTC(2026, 9, 1, 10));
    expect(parseLifecycleDate('2026-10-01T12:00:00Z')).toBe(Date.UTC(2026, 9, 1, 12));
    expect(parseLifecycleDate('2026-10-01T12:00:00')).toBeUndefined();
    expect(parseLifecycleDate('2026-02-30')).toBeUndefined();
    expect(parseLifecycleDate('2026-02-30T00:00:00Z')).toBeUndefined();
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});
