import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'contract-form-submission', include: ['src/**/*.test.ts'] },
});
