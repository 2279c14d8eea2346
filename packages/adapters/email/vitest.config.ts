import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'adapter-email', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
