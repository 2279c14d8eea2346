import { describe, expect, it } from 'vitest';
import { timestamp } from './business-case.ts';

describe('timestamp', () => {
  it('gives the same UTC form as a Date round trip, for canonical input and every other accepted form', () => {
    const inputs = [
      '2026-11-27T10:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '1900-03-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      // Not canonical: converted.
      '2026-11-27T10:00:00Z',
      '2026-11-27T10:00:00.1Z',
      '2026-11-27T10:00:00.123456Z',
      '2026-11-27T11:00:00.000+01:00',
      '2026-11-27T09:30:00-00:30',
    ];
    // Instants spread over four centuries, in the canonical form.
    for (let i = 0; i < 2000; i++) {
      inputs.push(new Date(Date.UTC(1900, 0, 1) + Math.floor(i * 6_311_390_097.3)).toISOString());
    }
    for (const input of inputs) {
      expect(timestamp.parse(input), input).toBe(new Date(input).toISOString());
    }
  });

  it('still refuses dates the calendar does not have', () => {
    expect(timestamp.safeParse('2026-02-29T10:00:00.000Z').success).toBe(false);
    expect(timestamp.safeParse('2026-04-31T10:00:00.000Z').success).toBe(false);
  });
});
