import { defineConfig } from 'vitest/config';

// One project per package, so `vitest --project gateway` runs just that one and the summary says which failed.
export default defineConfig({
  test: {
    projects: ['packages/*', 'packages/adapters/*', 'examples/*', 'integration'],
  },
});
