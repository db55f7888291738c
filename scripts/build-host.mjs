import { buildSync } from 'esbuild';
import { resolve } from 'node:path';

/**
 * `npm run build` also bundles the web host (`npm run host`) into out/host/cli.mjs: started from
 * built JavaScript it is ready in a fraction of the time `tsx` takes to transpile it at start.
 * Packages stay external (native argon2 and better-sqlite3 load from node_modules). out/host sits
 * two levels under the repository like electron/host, so paths it resolves from its own
 * directory (the renderer, the demo seed) are the same.
 */
const root = resolve(import.meta.dirname, '..');
buildSync({
  entryPoints: [resolve(root, 'electron/host/cli.ts')],
  outfile: resolve(root, 'out/host/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
