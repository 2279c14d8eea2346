import { describe, expect, it } from 'vitest';
import { parseIsoDuration, retentionRules, subtractDuration } from './retention.ts';

describe('ISO 8601 durations', () => {
  it('reads the units retention classes use', () => {
    expect(parseIsoDuration('P10Y')).toMatchObject({ years: 10, months: 0, days: 0 });
    expect(parseIsoDuration('P6M')).toMatchObject({ months: 6 });
    expect(parseIsoDuration('P2W')).toMatchObject({ weeks: 2 });
    expect(parseIsoDuration('P1Y2M3DT4H5M6S')).toEqual({
      years: 1,
      months: 2,
      weeks: 0,
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 6,
    });
    for (const wrong of ['P', 'PT', '10Y', 'P1.5Y', 'P-1Y', 'P1Y ', 'p1y']) {
      expect(() => parseIsoDuration(wrong), wrong).toThrow(RangeError);
    }
  });

  it('subtracts in calendar terms, landing on the last day of a shorter month', () => {
    const at = (iso: string) => new Date(iso);
    expect(subtractDuration(at('2026-11-27T10:00:00.000Z'), parseIsoDuration('P10Y')).toISOString()).toBe(
      '2016-11-27T10:00:00.000Z',
    );
    expect(subtractDuration(at('2026-03-31T00:00:00.000Z'), parseIsoDuration('P1M')).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(subtractDuration(at('2024-02-29T12:00:00.000Z'), parseIsoDuration('P1Y')).toISOString()).toBe(
      '2023-02-28T12:00:00.000Z',
    );
    expect(subtractDuration(at('2026-01-15T00:00:00.000Z'), parseIsoDuration('P2M')).toISOString()).toBe(
      '2025-11-15T00:00:00.000Z',
    );
    expect(subtractDuration(at('2026-01-15T00:00:00.000Z'), parseIsoDuration('P1DT1H')).toISOString()).toBe(
      '2026-01-13T23:00:00.000Z',
    );
  });

  it('makes one rule per retention class some purpose uses', () => {
    const purpose = (id: string, retentionClass: string) => ({
      id,
      purpose: { sv: id, en: id },
      legalBasis: { article: '6(1)(e)' as const },
      dataCategories: ['namn'],
      dataSubjectCategories: ['sökande'],
      retentionClass,
    });
    const rules = retentionRules(
      {
        purposes: [purpose('a', 'kort'), purpose('b', 'kort'), purpose('c', 'lang')],
        retentionClasses: [
          { id: 'kort', duration: 'P2Y', description: 'Två år.' },
          { id: 'lang', duration: 'P10Y', description: 'Tio år.' },
          { id: 'oanvand', duration: 'P1Y', description: 'Ingen använder den.' },
        ],
      },
      new Date('2026-06-01T00:00:00.000Z'),
    );
    expect(rules).toEqual([
      { retentionClass: 'kort', purposeIds: ['a', 'b'], before: '2024-06-01T00:00:00.000Z' },
      { retentionClass: 'lang', purposeIds: ['c'], before: '2016-06-01T00:00:00.000Z' },
    ]);
  });
});
