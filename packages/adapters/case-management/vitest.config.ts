import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'adapter-case-management', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
