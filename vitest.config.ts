import { defineConfig } from 'vitest/config';

// A JSON report beside the usual output when asked for (CI prints its closing "N passed, N failed" line from it).
const report = process.env.BRYGGA_TEST_REPORT;

// One project per package, so `vitest --project gateway` runs just that one and the summary says which failed.
export default defineConfig({
  test: {
    projects: ['packages/*', 'packages/adapters/*', 'examples/*', 'integration'],
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
