import { describe, expect, it } from 'vitest';
import { coreBudgetBytes, coreBundleSize } from './bundle-size.ts';

// Size is deterministic for a given source and esbuild version, so the budget is a test, not only a benchmark.
describe('the browser core', () => {
  it(`stays within ${coreBudgetBytes} bytes minified and gzipped`, async () => {
    const size = await coreBundleSize();
    expect(size.gzipBytes).toBeLessThanOrEqual(coreBudgetBytes);
  });

  it('bundles only the SDK core: no contract runtime, no zod, no openid-client, no msw', async () => {
    const { inputs } = await coreBundleSize();
    expect(inputs.every((input) => input.includes('packages/sdk/src/') || input.startsWith('src/'))).toBe(
      true,
    );
    expect(inputs.some((input) => /auth|testing/.test(input))).toBe(false);
  });
});
