import { describe, expect, it } from 'vitest';
import { BusinessSystemError } from './errors.ts';

describe('BusinessSystemError', () => {
  it('keeps only the method and route of the call it is given, so no request body rides along', () => {
    const request = { method: 'POST', route: '/api/v2/cases', body: { secret: '191212121212' } };
    const error = new BusinessSystemError('rejected', request, { upstreamStatus: 422 });
    expect(error.call).toEqual({ method: 'POST', route: '/api/v2/cases' });
    expect(JSON.stringify({ ...error })).not.toContain('191212121212');
    expect(error.message).toBe('Business system call POST /api/v2/cases answered 422: rejected.');
    expect(error.status).toBe(502);
  });

  it('is recognised by brand, not by instanceof', () => {
    const error = new BusinessSystemError('timeout', { method: 'GET', route: '/health' });
    expect(BusinessSystemError.is(error)).toBe(true);
    expect(BusinessSystemError.is({ ...error })).toBe(false);
    expect(BusinessSystemError.is(new Error('timeout'))).toBe(false);
  });
});
