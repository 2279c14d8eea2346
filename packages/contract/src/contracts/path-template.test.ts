import { describe, expect, it } from 'vitest';
import { type PathTemplate, parsePathTemplate, Router } from './path-template.ts';

const parse = (template: string) => parsePathTemplate(template) as PathTemplate;

describe('parsePathTemplate', () => {
  it('reads literal and parameter segments', () => {
    expect(parsePathTemplate('/cases/{caseId}/status')).toEqual({
      template: '/cases/{caseId}/status',
      segments: ['cases', null, 'status'],
      params: ['caseId'],
      shape: '/cases/{}/status',
    });
    expect(parsePathTemplate('/')).toMatchObject({ segments: [], shape: '/' });
  });

  it.each([
    ['cases', 'must start with "/"'],
    [
      '/cases/',
      'has an invalid segment "" (use letters, digits, "-._~", or a whole-segment {camelCaseName})',
    ],
    ['/cases/{a}/{a}', 'repeats the parameter {a}'],
    [
      '/cases/x{a}',
      'has an invalid segment "x{a}" (use letters, digits, "-._~", or a whole-segment {camelCaseName})',
    ],
  ])('rejects %s', (template, problem) => {
    expect(parsePathTemplate(template)).toBe(problem);
  });
});

describe('Router', () => {
  const router = new Router([
    { template: parse('/cases/{caseId}'), method: 'get', operation: 'getCase' },
    { template: parse('/cases/mine'), method: 'get', operation: 'listMine' },
    { template: parse('/cases/{id}'), method: 'delete', operation: 'deleteCase' },
    { template: parse('/cases'), method: 'post', operation: 'createCase' },
    { template: parse('/'), method: 'get', operation: 'root' },
  ]);

  it('prefers a literal segment over a parameter, whatever the order of definition', () => {
    expect(router.match('GET', '/cases/mine')).toEqual({ kind: 'found', operation: 'listMine', params: {} });
    expect(router.match('get', '/cases/BN-1')).toEqual({
      kind: 'found',
      operation: 'getCase',
      params: { caseId: 'BN-1' },
    });
  });

  it('uses each operation’s own parameter names on a shared shape', () => {
    expect(router.match('DELETE', '/cases/BN-1')).toEqual({
      kind: 'found',
      operation: 'deleteCase',
      params: { id: 'BN-1' },
    });
  });

  it('answers method_not_allowed with the allowed methods', () => {
    expect(router.match('put', '/cases')).toEqual({ kind: 'method_not_allowed', allow: ['post'] });
  });

  it('does not match empty segments, malformed escapes or relative paths', () => {
    expect(router.match('get', '/cases/')).toBeUndefined();
    expect(router.match('get', '/cases/%E0%A4%A')).toBeUndefined();
    expect(router.match('get', 'cases')).toBeUndefined();
    expect(router.match('get', '/nothing/here/at/all')).toBeUndefined();
    expect(router.match('get', '/')).toEqual({ kind: 'found', operation: 'root', params: {} });
  });
});

describe('Router: review fixes', () => {
  const router = new Router([
    { template: parse('/cases/{caseId}'), method: 'get', operation: 'getCase' },
    { template: parse('/cases/mine'), method: 'get', operation: 'listMine' },
    { template: parse('/cases'), method: 'post', operation: 'createCase' },
  ]);

  it('compares literal words with unreserved escapes decoded, so /cases/%6Dine is /cases/mine', () => {
    expect(router.match('GET', '/cases/%6Dine')).toEqual({
      kind: 'found',
      operation: 'listMine',
      params: {},
    });
    expect(router.match('GET', '/%63ases/%6d%69%6E%65')).toEqual({
      kind: 'found',
      operation: 'listMine',
      params: {},
    });
    // A reserved escape stays what it is: `%2F` is no slash, and a parameter is decoded once only.
    expect(router.match('GET', '/cases/mi%2Fne')).toEqual({
      kind: 'found',
      operation: 'getCase',
      params: { caseId: 'mi/ne' },
    });
    expect(router.match('GET', '/cases/%2541')).toEqual({
      kind: 'found',
      operation: 'getCase',
      params: { caseId: '%41' },
    });
  });

  it('answers HEAD with the GET operation', () => {
    expect(router.match('HEAD', '/cases/mine')).toEqual({ kind: 'found', operation: 'listMine', params: {} });
    expect(router.match('head', '/cases')).toEqual({ kind: 'method_not_allowed', allow: ['post'] });
  });
});
