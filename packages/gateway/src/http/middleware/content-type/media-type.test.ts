import { describe, expect, it } from 'vitest';
import { isAcceptedMediaType, parseMediaType } from './media-type.ts';

const json = ['application/json', 'application/merge-patch+json'];

describe('parseMediaType', () => {
  it('splits essence and parameters, case-insensitively, unquoting values', () => {
    const parsed = parseMediaType('Application/JSON; Charset="UTF-8"');
    expect(parsed?.essence).toBe('application/json');
    expect([...(parsed?.parameters ?? [])]).toEqual([['charset', 'utf-8']]);
  });

  it.each(['', 'json', 'application/', '/json', 'a/b/c', 'application/json; charset', 'text/plain; =x'])(
    'rejects %j',
    (value) => {
      expect(parseMediaType(value)).toBeUndefined();
    },
  );
});

describe('isAcceptedMediaType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['application/merge-patch+json', true],
    ['application/json; charset=iso-8859-1', false],
    ['application/json; profile=x', false],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/jsonx', false],
  ])('%s → %s', (value, accepted) => {
    expect(isAcceptedMediaType(value, json)).toBe(accepted);
  });
});
