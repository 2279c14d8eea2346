import { describe, expect, it } from 'vitest';
import { containsPersonnummer } from '../../../log/scrub.ts';
import { formatTraceparent, parseTraceparent, randomHexId } from './traceparent.ts';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('parses the example from the W3C specification', () => {
    expect(parseTraceparent(`00-${traceId}-${parentId}-01`)).toEqual({ traceId, parentId, sampled: true });
    expect(parseTraceparent(`00-${traceId}-${parentId}-00`)).toEqual({ traceId, parentId, sampled: false });
    // Only the sampled bit counts; other flags are ignored.
    expect(parseTraceparent(`00-${traceId}-${parentId}-03`)?.sampled).toBe(true);
    expect(parseTraceparent(`00-${traceId}-${parentId}-02`)?.sampled).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['another version', `01-${traceId}-${parentId}-01`],
    ['the forbidden version ff', `ff-${traceId}-${parentId}-01`],
    ['uppercase hex', `00-${traceId.toUpperCase()}-${parentId}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${parentId}-01`],
    ['an all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${traceId.slice(1)}-${parentId}-01`],
    ['trailing data', `00-${traceId}-${parentId}-01-extra`],
    ['two joined headers', `00-${traceId}-${parentId}-01, 00-${traceId}-${parentId}-01`],
    ['non-hex flags', `00-${traceId}-${parentId}-0x`],
  ])('rejects %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('round-trips through the parser', () => {
    const header = formatTraceparent({ traceId, spanId: parentId, sampled: true });
    expect(header).toBe(`00-${traceId}-${parentId}-01`);
    expect(parseTraceparent(header)).toEqual({ traceId, parentId, sampled: true });
    expect(formatTraceparent({ traceId, spanId: parentId, sampled: false })).toMatch(/-00$/);
  });
});

describe('randomHexId', () => {
  it('makes lowercase hex ids of the right length that the log scrubber leaves alone', () => {
    for (let i = 0; i < 2000; i++) {
      const trace = randomHexId(16);
      const span = randomHexId(8);
      expect(trace).toMatch(/^[0-9a-f]{32}$/);
      expect(span).toMatch(/^[0-9a-f]{16}$/);
      expect(containsPersonnummer(trace) || containsPersonnummer(span)).toBe(false);
    }
  });

  it('never hands out the same random bytes twice, across refills of its pool', () => {
    const ids = new Set<string>();
    // 3,000 × 24 bytes is many times the pool: every refill is exercised.
    for (let i = 0; i < 3000; i++) {
      ids.add(randomHexId(16));
      ids.add(randomHexId(8));
    }
    expect(ids.size).toBe(6000);
  });
});
