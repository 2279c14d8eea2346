import { defineConfig } from 'vitest/config';

// A JSON report beside the usual output when asked for (CI prints its closing "N passed, N failed" line from it).
const report = process.env.BRYGGA_TEST_REPORT;

// One project per package, so `vitest --project gateway` runs just that one and the summary says which failed.
// Named by their config files: a bare `packages/*` would also take the folder packages/adapters for a project and
// run every adapter's tests twice.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/adapters/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'integration/vitest.config.ts',
    ],
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
