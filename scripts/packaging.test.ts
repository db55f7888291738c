import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * The packaging config, read the way electron-builder reads it (its own loader, `extends`
 * merge and JSON-schema validation), without packaging: that needs the Electron binary, which
 * these machines cannot download.
 */
const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

type BuilderConfig = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  directories?: Record<string, string>;
};
type ConfigModule = {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
type DebugLoggerModule = { DebugLogger: new (enabled?: boolean) => unknown };
// deep imports: app-builder-lib has no exports map, and these are what `electron-builder --config` calls
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util/out/DebugLogger') as DebugLoggerModule;
// the glob matcher electron-builder itself resolves for its `files` patterns
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch(path: string, pattern: string): boolean;
};

const PRODUCTION_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
  enableCookieEncryption: true,
};

async function loadValid(file: string): Promise<BuilderConfig> {
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml (production package)', () => {
  it('is a valid electron-builder configuration with the kiosk identity and targets', async () => {
    const config = await loadValid('electron-builder.yml');
    expect(config).toMatchObject({
      appId: 'ec.gob.iess.clave.kiosk',
      productName: 'IESS Clave Kiosco',
      asar: true,
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
    });
    // the loader normalises the files list into one filter set
    expect(config.files).toEqual([
      { filter: ['out/**/*', '!out/host/**', 'package.json', 'resources/**/*', '!resources/seed/**'] },
    ]);
  });

  it('ships no demo seed and no web host: the files filters exclude them, as electron-builder matches', async () => {
    const config = await loadValid('electron-builder.yml');
    const filters = (config.files as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    // the same matcher electron-builder uses for its files patterns (minimatch), last match wins
    const shipped = (path: string) =>
      filters.reduce(
        (kept, pattern) =>
          pattern.startsWith('!')
            ? minimatch(path, pattern.slice(1))
              ? false
              : kept
            : kept || minimatch(path, pattern),
        false,
      );
    expect(shipped('resources/seed/demo-seed.json')).toBe(false);
    expect(shipped('out/host/cli.mjs')).toBe(false);
    expect(shipped('out/main/index.js')).toBe(true);
    expect(shipped('out/renderer/index.html')).toBe(true);
    // and every other resource still goes in
    for (const file of readdirSync(join(root, 'resources'), { recursive: true, withFileTypes: true }))
      if (file.isFile()) {
        const path = relative(root, join(file.parentPath, file.name));
        expect(shipped(path), path).toBe(!path.startsWith('resources/seed/'));
      }
  });

  it('would be refused by the schema with a misspelt fuse, so the names above are the real ones', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNodeX: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/electronFuses/);
  });

  it('sets every fuse as DESIGN §6 asks: RunAsNode, NODE_OPTIONS, inspect off; asar integrity and asar-only on', async () => {
    const config = await loadValid('electron-builder.yml');
    expect(config.electronFuses).toEqual(PRODUCTION_FUSES);
  });

  it('really flips fuses when packaging: electron-builder ignores a missing electronFuses key silently', () => {
    // the packager skips fuses entirely when the key is absent, so the key must be in the file
    const raw = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
    expect(Object.keys(raw.electronFuses ?? {}).sort()).toEqual(Object.keys(PRODUCTION_FUSES).sort());
  });
});

describe('electron-builder.test.yml (Playwright build)', () => {
  it('differs from production only in the inspect fuse and the output folder', async () => {
    const production = await loadValid('electron-builder.yml');
    const test = await loadValid('electron-builder.test.yml');
    expect(test.electronFuses).toEqual({ ...PRODUCTION_FUSES, enableNodeCliInspectArguments: true });
    expect(test.directories?.output).toBe('dist-test');
    const strip = ({ electronFuses: _f, directories: _d, extends: _e, ...rest }: BuilderConfig) => rest;
    expect(strip(test)).toEqual(strip(production));
    expect({ ...test.directories, output: 'dist' }).toEqual(production.directories);
  });

  it('is what `npm run dist:test` builds, and `npm run dist` builds production', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.yml');
    expect(scripts['dist:test']).toBe('electron-vite build && electron-builder --config electron-builder.test.yml');
  });
});
