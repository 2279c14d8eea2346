import { describe, expect, it } from 'vitest';
import { bearerToken, findOfficial } from './officials.ts';

const officials = [
  { id: 'a', name: 'A', token: 'token-a-0123456789abcdef0123456789abcdef' },
  { id: 'b', name: 'B', token: 'token-b-0123456789abcdef0123456789abcdef' },
];

describe('officials', () => {
  it('finds the official whose token it is, and no one for any other token', () => {
    expect(findOfficial(officials, 'token-b-0123456789abcdef0123456789abcdef')?.id).toBe('b');
    expect(findOfficial(officials, 'token-b-0123456789abcdef0123456789abcdeF')).toBeUndefined();
    expect(findOfficial(officials, 'token-b')).toBeUndefined();
    expect(findOfficial(officials, '')).toBeUndefined();
    expect(findOfficial(officials, undefined)).toBeUndefined();
    expect(findOfficial([], 'token-a-0123456789abcdef0123456789abcdef')).toBeUndefined();
  });

  it('reads RFC 6750 bearer tokens only', () => {
    expect(bearerToken('Bearer abc.DEF-_~+/=')).toBe('abc.DEF-_~+/=');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Basic YWJjOmRlZg==')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
