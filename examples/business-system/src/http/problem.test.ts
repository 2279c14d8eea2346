import { describe, expect, it } from 'vitest';
import {
  buildProblem,
  type ProblemCode,
  ProblemError,
  preferredLanguage,
  problemCatalogue,
} from './problem.ts';

describe('problem catalogue', () => {
  it('has distinct Swedish and English sentences and error statuses for every code', () => {
    for (const code of Object.keys(problemCatalogue) as ProblemCode[]) {
      const { status, title } = problemCatalogue[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(title.sv, code).toMatch(/\.$/);
      expect(title.en, code).toMatch(/\.$/);
      expect(title.sv, code).not.toBe(title.en);
    }
  });
});

describe('buildProblem', () => {
  it('builds an RFC 9457 document with a stable code and no instance', () => {
    expect(buildProblem(new ProblemError('not_found'), 'en', 'r1')).toEqual({
      type: '/problems/not-found',
      title: 'What was asked for does not exist.',
      status: 404,
      code: 'not_found',
      requestId: 'r1',
    });
  });

  it('lists invalid fields with plain-language details in the reader language', () => {
    const error = new ProblemError('validation_failed', {
      issues: [
        { pointer: '/applicant/personalIdentityNumber', reason: 'invalid_personal_number' },
        { pointer: '/x', reason: 'something_new' },
      ],
    });
    const problem = buildProblem(error, 'sv', 'r2');
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([
      {
        in: 'body',
        pointer: '/applicant/personalIdentityNumber',
        reason: 'invalid_personal_number',
        detail: 'Personnumret är inte giltigt. Skriv det med tolv siffror.',
      },
      { in: 'body', pointer: '/x', reason: 'something_new', detail: 'Värdet är inte giltigt.' },
    ]);
  });
});

describe('preferredLanguage', () => {
  it('defaults to Swedish and honours a preference for English', () => {
    expect(preferredLanguage(undefined)).toBe('sv');
    expect(preferredLanguage('de-DE')).toBe('sv');
    expect(preferredLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(preferredLanguage('sv;q=0.5, en;q=0.8')).toBe('en');
    expect(preferredLanguage('en;q=0, sv')).toBe('sv');
    expect(preferredLanguage('fi, sv-FI;q=0.7, en;q=0.3')).toBe('sv');
  });
});
