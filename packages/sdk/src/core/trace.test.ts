import { describe, expect, it } from 'vitest';
import { isTraceparent, newTraceparent } from './trace.ts';

describe('traceparent', () => {
  it('accepts the W3C example and refuses malformed or forbidden values', () => {
    expect(isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(true);
    expect(isTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBe(false);
    expect(isTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent('00-4bf92f35-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent(undefined)).toBe(false);
  });

  it('makes a new, valid, sampled one each time', () => {
    const a = newTraceparent();
    expect(isTraceparent(a)).toBe(true);
    expect(a.endsWith('-01')).toBe(true);
    expect(newTraceparent().slice(3, 35)).not.toBe(a.slice(3, 35));
  });
});
