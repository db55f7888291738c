import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * `npm run build` also bundles the web host (`npm run host`) into out/host/cli.mjs: started from
 * built JavaScript it is ready in a fraction of the time `tsx` takes to transpile it at start.
 * Packages are bundled too (resolving hundreds of small module files was most of the start-up
 * left); the native ones (argon2, better-sqlite3, ws's optional helpers) load from node_modules,
 * and CommonJS packages get a `require`. out/host sits two levels under the repository like
 * electron/host, so paths it resolves from its own directory (the renderer, the demo seed) are
 * the same.
 *
 * Every byte of the bundle is read and parsed before the ready line (about a third of the start
 * on 2 cores), so two kinds of code nobody runs at start stay out of it:
 * - iconv-lite (pulled in by smpp) is mostly code-page tables it loads only for an encoding asked
 *   for; from node_modules, Node reads only the few files the SMS path uses;
 * - zod's namespace object re-exports all of its ~50 error-message locales; the kiosk and the
 *   central translate errors themselves and use only zod's default (English), so the bundle
 *   keeps that one.
 */
const root = resolve(import.meta.dirname, '..');

/** @type {import('esbuild').Plugin} */
const zodDefaultLocaleOnly = {
  name: 'zod-default-locale-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'en-only', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
    }));
  },
};

await build({
  entryPoints: [resolve(root, 'electron/host/cli.ts')],
  outfile: resolve(root, 'out/host/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['argon2', 'better-sqlite3', 'bufferutil', 'utf-8-validate', 'iconv-lite'],
  plugins: [zodDefaultLocaleOnly],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
