import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'integration',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real processes, fixed dev-stack ports and a browser: one file at a time keeps them from starving each other.
    fileParallelism: false,
  },
});
