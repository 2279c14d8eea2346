import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './suggest.ts';

describe('closestMatch', () => {
  const keys = ['host', 'port', 'publicUrl', 'bodyLimitBytes', 'shutdownGraceMs'];

  it('finds case slips, typos and swapped letters', () => {
    expect(closestMatch('publicURL', keys)).toBe('publicUrl');
    expect(closestMatch('prot', keys)).toBe('port');
    expect(closestMatch('bodyLimtBytes', keys)).toBe('bodyLimitBytes');
  });

  it('finds a shortened word when only one candidate starts with it', () => {
    expect(closestMatch('prod', ['development', 'test', 'production'])).toBe('production');
    expect(closestMatch('pro', ['production', 'process'])).toBeUndefined();
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestMatch('colour', keys)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('purpsoes', 'purposes')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
