import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
  test: {
    include: [
      'electron/**/*.test.ts',
      'central/**/*.test.ts',
      'domain/**/*.test.ts',
      'db/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // fault tests (*.fault.test.ts) run alone in their own stage: they spawn and kill processes
    // by the hundred and must not compete with the unit tests for two cores
    exclude: ['**/node_modules/**', '**/*.fault.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
