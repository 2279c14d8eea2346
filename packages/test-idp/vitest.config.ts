import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'test-idp', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
