import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

/**
 * The dependency rule of DESIGN §3, checked on import specifiers:
 * renderer → contract → domain; central → domain; main/preload/host → contract + core;
 * core → db, central client and contract, domain; nothing imports main or renderer; the central
 * never imports the kiosk; only main and preload import 'electron'. Main and host may start the
 * embedded central (its server) because they are where the kiosk is composed; core may not.
 */
export type Violation = { file: string; specifier: string; rule: string };

type Part =
  | 'main'
  | 'preload'
  | 'core'
  | 'central'
  | 'central-server'
  | 'host'
  | 'contract'
  | 'renderer'
  | 'db'
  | 'domain'
  | 'other';

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

const partOf = (path: string): Part => {
  const p = path
    .split(sep)
    .join('/')
    .replace(/\.(ts|js)$/, '');
  if (under(p, 'electron/main')) return 'main';
  if (under(p, 'electron/preload')) return 'preload';
  if (under(p, 'electron/core')) return 'core';
  // the central's own process: its server and the command that starts it
  if (under(p, 'central/server') || p === 'central/cli' || p === 'central/config') return 'central-server';
  if (under(p, 'central')) return 'central';
  if (under(p, 'domain')) return 'domain';
  if (under(p, 'electron/host')) return 'host';
  if (under(p, 'electron/contract')) return 'contract';
  if (under(p, 'renderer')) return 'renderer';
  if (under(p, 'db')) return 'db';
  return 'other';
};

/** Which parts each part may import (besides itself and npm packages). */
const allowed: Record<Part, Part[]> = {
  main: ['contract', 'core', 'central', 'central-server', 'db', 'domain'],
  preload: ['contract'],
  host: ['contract', 'core', 'central', 'central-server', 'db', 'domain'],
  core: ['contract', 'central', 'db', 'domain'],
  central: ['domain'],
  'central-server': ['central', 'db', 'domain'],
  contract: ['domain'],
  renderer: ['contract'],
  db: [],
  domain: [],
  other: ['main', 'preload', 'core', 'central', 'central-server', 'host', 'contract', 'renderer', 'db', 'domain'],
};

const mayImportElectron: Part[] = ['main', 'preload', 'other'];

const importPattern =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(importPattern)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (spec) found.push(spec);
  }
  return found;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'out' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|svelte|js|cjs|mjs)$/.test(name)) yield path;
  }
}

export function checkBoundaries(root: string, dirs = ['electron', 'central', 'domain', 'renderer', 'db']): Violation[] {
  const violations: Violation[] = [];
  for (const top of dirs) {
    const start = resolve(root, top);
    try {
      statSync(start);
    } catch {
      continue;
    }
    for (const file of sourceFiles(start)) {
      const rel = relative(root, file);
      const from = partOf(rel);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (specifier === 'electron' || specifier.startsWith('electron/')) {
          if (!mayImportElectron.includes(from))
            violations.push({ file: rel, specifier, rule: `${from} must not import electron` });
          continue;
        }
        if (!specifier.startsWith('.')) continue;
        // tests compose real parts (a core test may start the embedded central); only code that ships is layered
        if (/\.test\.ts$/.test(rel)) continue;
        const target = partOf(relative(root, resolve(dirname(file), specifier)));
        if (target === from) continue;
        if (!allowed[from].includes(target))
          violations.push({ file: rel, specifier, rule: `${from} must not import ${target}` });
      }
    }
  }
  return violations;
}
