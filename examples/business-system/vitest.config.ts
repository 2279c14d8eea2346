import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'business-system', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
