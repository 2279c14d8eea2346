import { describe, expect, it } from 'vitest';
import { keysMatch, presentedKey } from './auth.ts';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('presentedKey', () => {
  it('reads a bearer key, whatever the scheme case', () => {
    expect(presentedKey('Bearer k-1', false)).toBe('k-1');
    expect(presentedKey('bearer k-1', false)).toBe('k-1');
  });

  it('reads the Basic password only where Basic is allowed', () => {
    expect(presentedKey(basic('handläggare', 'k:1'), true)).toBe('k:1');
    expect(presentedKey(basic('handläggare', 'k:1'), false)).toBeUndefined();
  });

  it('finds nothing in a missing or malformed header', () => {
    expect(presentedKey(undefined, true)).toBeUndefined();
    expect(presentedKey('Bearer', true)).toBeUndefined();
    expect(presentedKey('Bearer a b', true)).toBeUndefined();
    expect(presentedKey('Token k-1', true)).toBeUndefined();
    expect(presentedKey(`Basic ${Buffer.from('nocolon').toString('base64')}`, true)).toBeUndefined();
  });
});

describe('keysMatch', () => {
  it('matches only the exact key, including keys of another length', () => {
    expect(keysMatch('dev-business-system-key', 'dev-business-system-key')).toBe(true);
    expect(keysMatch('dev-business-system-kez', 'dev-business-system-key')).toBe(false);
    expect(keysMatch('dev', 'dev-business-system-key')).toBe(false);
    expect(keysMatch('', 'dev-business-system-key')).toBe(false);
  });
});
