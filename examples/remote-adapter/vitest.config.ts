import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'remote-adapter', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
