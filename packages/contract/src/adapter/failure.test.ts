import { describe, expect, it } from 'vitest';
import { BryggaError } from '../errors/brygga-error.ts';
import { adapterFailureCode } from './failure.ts';

describe('adapterFailureCode', () => {
  it('answers 503 for an open breaker, and the status an error names when it is 502, 503 or 504', () => {
    expect(adapterFailureCode(Object.assign(new Error('open'), { code: 'BRYGGA_CIRCUIT_OPEN' }))).toBe(
      'service_unavailable',
    );
    expect(adapterFailureCode(Object.assign(new Error('down'), { status: 503 }))).toBe('service_unavailable');
    expect(adapterFailureCode(Object.assign(new Error('slow'), { status: 504 }))).toBe('gateway_timeout');
    expect(adapterFailureCode(Object.assign(new Error('refused'), { status: 502 }))).toBe('bad_gateway');
    expect(adapterFailureCode(new BryggaError('service_unavailable'))).toBe('service_unavailable');
  });

  it('is bad_gateway for anything else, never a code that blames the caller', () => {
    expect(adapterFailureCode(new Error('connect ECONNREFUSED'))).toBe('bad_gateway');
    expect(adapterFailureCode(Object.assign(new Error('not found'), { status: 404 }))).toBe('bad_gateway');
    expect(adapterFailureCode(Object.assign(new Error('odd'), { status: '503' }))).toBe('bad_gateway');
    expect(adapterFailureCode(new BryggaError('unauthenticated'))).toBe('bad_gateway');
    expect(adapterFailureCode(undefined)).toBe('bad_gateway');
    expect(adapterFailureCode('503')).toBe('bad_gateway');
  });
});
