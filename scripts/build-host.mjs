import { buildSync } from 'esbuild';
import { resolve } from 'node:path';

/**
 * `npm run build` also bundles the web host (`npm run host`) into out/host/cli.mjs: started from
 * built JavaScript it is ready in a fraction of the time `tsx` takes to transpile it at start.
 * Packages are bundled too (resolving hundreds of small module files was most of the start-up
 * left); the native ones (argon2, better-sqlite3, ws's optional helpers) load from node_modules,
 * and CommonJS packages get a `require`. out/host sits two levels under the repository like
 * electron/host, so paths it resolves from its own directory (the renderer, the demo seed) are
 * the same.
 */
const root = resolve(import.meta.dirname, '..');
buildSync({
  entryPoints: [resolve(root, 'electron/host/cli.ts')],
  outfile: resolve(root, 'out/host/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['argon2', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
