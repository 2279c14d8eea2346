import { describe, expect, it } from 'vitest';
import { describeFound } from './describe-value.ts';

describe('describeFound', () => {
  it('shows short scalars as they are and describes everything else by kind', () => {
    expect(describeFound('tax-check')).toBe('"tax-check"');
    expect(describeFound(70_000)).toBe('70000');
    expect(describeFound(true)).toBe('true');
    expect(describeFound(undefined)).toBe('nothing (the field is missing)');
    expect(describeFound(null)).toBe('an empty value');
    expect(describeFound([1, 2])).toBe('a list of 2 items');
    expect(describeFound({ a: 1, b: 2 })).toBe('a mapping with the keys a, b');
    expect(describeFound('x'.repeat(61))).toBe('text of 61 characters');
  });

  it('hides values when asked, and anything shaped like a personnummer', () => {
    expect(describeFound('hunter2', { hideValue: true })).toBe('text (value hidden)');
    expect(describeFound('19121212-1212')).toBe(
      'text that looks like a personal identity number (value hidden)',
    );
    expect(describeFound('191212121212')).not.toContain('1212');
    expect(describeFound(1_912_121_212)).not.toContain('1212');
  });
});
