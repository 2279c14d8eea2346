import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-mailbox', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
