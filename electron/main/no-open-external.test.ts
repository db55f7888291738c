import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const self = relative(root, import.meta.filename);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|cjs|mjs|svelte)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Checklist #15: shell.openExternal with untrusted content runs arbitrary programs. The kiosk
 * never opens anything outside itself, so the call must not exist at all; a grep is the proof
 * that survives refactors (electronegativity's OPEN_EXTERNAL_JS_CHECK only sees literal calls).
 */
// an identifier use (not the quoted permission name 'openExternal'), or importing shell at all
const SHELL_USE =
  /(?<!['"])\b(openExternal|openPath|showItemInFolder)\b(?!['"])|import\s*\{[^}]*\bshell\b[^}]*\}\s*from\s*['"]electron['"]/;

describe('shell.openExternal', () => {
  it('appears nowhere in electron/ or renderer/', () => {
    const offenders = [...sourceFiles(join(root, 'electron')), ...sourceFiles(join(root, 'renderer'))]
      .map((file) => relative(root, file))
      .filter((file) => file !== self)
      .filter((file) => SHELL_USE.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the pattern catches the ways it could be written', () => {
    for (const code of [
      'shell.openExternal(url)',
      'const { openExternal } = shell',
      "import { app, shell } from 'electron'",
      'shell.openPath(p)',
      'await shell . openExternal (x)',
    ]) {
      expect(SHELL_USE.test(code), code).toBe(true);
    }
    expect(SHELL_USE.test("const permissions = ['openExternal', 'media']")).toBe(false);
  });
});
