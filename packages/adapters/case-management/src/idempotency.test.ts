import { describe, expect, it } from 'vitest';
import { businessIdempotencyKey } from './idempotency.ts';

describe('businessIdempotencyKey', () => {
  it('is stable for one e-service and its key, and differs between e-services and keys', () => {
    const key = businessIdempotencyKey('e-service-a', 'k1');
    expect(businessIdempotencyKey('e-service-a', 'k1')).toBe(key);
    expect(businessIdempotencyKey('e-service-b', 'k1')).not.toBe(key);
    expect(businessIdempotencyKey('e-service-a', 'k2')).not.toBe(key);
    // No separator trick makes two pairs collide.
    expect(businessIdempotencyKey('a\nb', 'c')).not.toBe(businessIdempotencyKey('a', 'b\nc'));
  });

  it("always fits the business system's 1-255 visible ASCII characters", () => {
    for (const key of ['x', 'å'.repeat(255), ' \r\n']) {
      expect(businessIdempotencyKey('e', key)).toMatch(/^[\x21-\x7e]{1,255}$/);
    }
  });
});
