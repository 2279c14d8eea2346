import { describe, expect, it } from 'vitest';
import {
  assertAllowedLabels,
  cleanLabels,
  labelValue,
  methodLabel,
  routeLabel,
  statusClass,
} from './labels.ts';

const personnummerShaped = [
  '199001011234',
  '19900101-1234',
  '9001011234',
  '900101-1234',
  '900101+1234',
  '900101 1234',
  'bygglov-199001011234',
  'e:19900101-1234',
];

describe('label values', () => {
  it('keeps identifier-like values as they are', () => {
    for (const value of [
      'bygglov-ansokan',
      'case-management',
      '2026-01-15',
      'createCase',
      'bad_gateway',
      'a:b.c',
    ]) {
      expect(labelValue(value)).toBe(value);
    }
  });

  it('replaces personnummer-shaped values with "other", even inside an otherwise valid id', () => {
    for (const value of personnummerShaped) expect(labelValue(value), value).toBe('other');
  });

  it('replaces values outside the allowed shape or longer than 64 characters', () => {
    for (const value of ['', '-leading', 'has space', 'slash/inside', 'åäö', 'x'.repeat(65), '<script>']) {
      expect(labelValue(value), value).toBe('other');
    }
    expect(labelValue('x'.repeat(64))).toBe('x'.repeat(64));
    expect(labelValue(undefined)).toBe('other');
  });

  it('takes route patterns but not raw paths carrying a personnummer', () => {
    expect(routeLabel('/v1/contracts/:contract/*')).toBe('/v1/contracts/:contract/*');
    expect(routeLabel('/cases/199001011234')).toBe('other');
    expect(routeLabel('/cases/19900101-1234')).toBe('other');
    expect(routeLabel('cases')).toBe('other');
    expect(routeLabel('/search?q=1')).toBe('other');
  });

  it('bounds methods and status codes', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('BREW')).toBe('other');
    expect(statusClass(204)).toBe('2xx');
    expect(statusClass(499)).toBe('4xx');
    expect(statusClass(999)).toBe('other');
  });

  it('cleans every value of a label set, the route by its own rule', () => {
    expect(cleanLabels({ e_service: '199001011234', route: '/x/:id', version: '2026-01-15' })).toEqual({
      e_service: 'other',
      route: '/x/:id',
      version: '2026-01-15',
    });
  });

  it('refuses label names outside the allowlist', () => {
    expect(() => assertAllowedLabels(['e_service', 'personnummer'])).toThrow(/personnummer/);
    expect(() => assertAllowedLabels(['e_service', 'state'])).not.toThrow();
  });
});
