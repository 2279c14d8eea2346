import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language.ts';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'sv'],
    ['', 'sv'],
    ['en', 'en'],
    ['sv', 'sv'],
    ['en-GB', 'en'],
    ['EN-us', 'en'],
    ['sv-SE,sv;q=0.9,en;q=0.8', 'sv'],
    ['en-US,en;q=0.9,sv;q=0.8', 'en'],
    ['sv;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.5, sv-FI;q=0.8', 'sv'],
    ['de, fr;q=0.9', 'sv'],
    ['de, en;q=0.1', 'en'],
    ['*', 'sv'],
    ['*;q=0.5, en', 'en'],
    ['en, sv', 'en'],
    ['sv, en', 'sv'],
    ['en;q=0, *', 'sv'],
    ['sv;q=0', 'en'],
    ['sv;q=0, en;q=0', 'sv'],
    ['en;q=banana', 'en'],
    [';;;,,,', 'sv'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
