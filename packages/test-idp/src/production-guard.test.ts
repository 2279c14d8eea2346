import { describe, expect, it } from 'vitest';
import { assertNotProduction, RefusedInProductionError } from './production-guard.ts';

describe('assertNotProduction', () => {
  it('refuses NODE_ENV=production (in any case) unless allowed', () => {
    expect(() => assertNotProduction('production', false)).toThrow(RefusedInProductionError);
    expect(() => assertNotProduction(' Production ', false)).toThrow(RefusedInProductionError);
    expect(() => assertNotProduction('production', true)).not.toThrow();
  });

  it('starts anywhere else', () => {
    for (const env of [undefined, '', 'development', 'test'])
      expect(() => assertNotProduction(env, false)).not.toThrow();
  });
});
