import { describe, expect, it } from 'vitest';
import { operationUrl } from './url.ts';

describe('operationUrl', () => {
  it('joins gateway, contract and path, without doubling slashes', () => {
    expect(operationUrl('https://g.se/', 'case-management', '/cases', undefined, undefined)).toBe(
      'https://g.se/api/case-management/cases',
    );
    expect(operationUrl('https://g.se/base', 'c', '/x', {}, {})).toBe('https://g.se/base/api/c/x');
  });

  it('percent-encodes parameters so a value stays one segment', () => {
    expect(
      operationUrl('https://g.se', 'c', '/cases/{caseId}/files/{name}', { caseId: 'a/b', name: 'x y?#' }, {}),
    ).toBe('https://g.se/api/c/cases/a%2Fb/files/x%20y%3F%23');
    expect(operationUrl('https://g.se', 'c', '/cases/{id}', { id: '.' }, {})).toBe(
      'https://g.se/api/c/cases/%2E',
    );
    expect(operationUrl('https://g.se', 'c', '/cases/{id}', { id: '..' }, {})).toBe(
      'https://g.se/api/c/cases/%2E%2E',
    );
    expect(operationUrl('https://g.se', 'c', '/cases/{id}', { id: '...' }, {})).toBe(
      'https://g.se/api/c/cases/...',
    );
    expect(operationUrl('https://g.se', 'c', '/cases/{id}', { id: 42 }, {})).toBe(
      'https://g.se/api/c/cases/42',
    );
  });

  it('throws for a missing or empty parameter instead of calling another resource', () => {
    expect(() => operationUrl('https://g.se', 'c', '/cases/{id}', {}, {})).toThrow(TypeError);
    expect(() => operationUrl('https://g.se', 'c', '/cases/{id}', { id: '' }, {})).toThrow(/"id" is missing/);
  });

  it('writes the query, repeating arrays and leaving out undefined and null', () => {
    expect(
      operationUrl('https://g.se', 'c', '/x', {}, { a: 1, b: undefined, c: ['x', 'y&z'], d: false }),
    ).toBe('https://g.se/api/c/x?a=1&c=x&c=y%26z&d=false');
    // `cursor: null` (as in a `nextCursor: null` answer passed on) means no cursor, not the text "null".
    expect(operationUrl('https://g.se', 'c', '/x', {}, { cursor: null, limit: 5, tags: ['a', null] })).toBe(
      'https://g.se/api/c/x?limit=5&tags=a',
    );
  });
});
