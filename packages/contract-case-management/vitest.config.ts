import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'contract-case-management', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
