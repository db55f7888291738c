import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/** The fault stage of `npm test`: process-killing tests, one file at a time, nothing else beside them. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['electron/**/*.fault.test.ts'],
    exclude: ['**/node_modules/**'],
    fileParallelism: false,
    testTimeout: 480_000,
  },
});
