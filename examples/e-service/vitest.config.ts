import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'e-service', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
