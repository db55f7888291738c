import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes, passwordRules } from '../../../electron/contract';
import { esEC } from './es-EC';
import { en } from './en';

const rendererDir = resolve(import.meta.dirname, '../..');
const catalogFiles = new Set([resolve(import.meta.dirname, 'es-EC.ts'), resolve(import.meta.dirname, 'en.ts')]);

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') && !catalogFiles.has(path)) yield path;
  }
}

const source = [...sources(rendererDir)].map((file) => readFileSync(file, 'utf8')).join('\n');
const spanishKeys = Object.keys(esEC).sort();
const englishKeys = Object.keys(en).sort();

describe('i18n catalogs', () => {
  it('English defines every Spanish key', () => {
    expect(spanishKeys.filter((key) => !englishKeys.includes(key))).toEqual([]);
  });

  it('English defines no key Spanish lacks', () => {
    expect(englishKeys.filter((key) => !spanishKeys.includes(key))).toEqual([]);
  });

  it('every key is used somewhere in renderer/ source', () => {
    const unused = spanishKeys.filter((key) => !source.includes(`'${key}'`) && !source.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it('every error code of the contract has words in both languages', () => {
    for (const code of errorCodes) {
      expect(esEC).toHaveProperty([`error.${code}`]);
      expect(en).toHaveProperty([`error.${code}`]);
    }
  });

  it('every password rule has words in both languages', () => {
    for (const rule of passwordRules) {
      expect(esEC).toHaveProperty([`rule.${rule}`]);
      expect(en).toHaveProperty([`rule.${rule}`]);
    }
  });

  it('no message is empty, and plural forms agree in kind across languages', () => {
    for (const key of spanishKeys as (keyof typeof esEC)[]) {
      const es = esEC[key];
      const other = en[key];
      expect(typeof es === 'string' ? es.length : es.one.length, key).toBeGreaterThan(0);
      expect(typeof other, key).toBe(typeof es);
    }
  });

  it('placeholders match between languages', () => {
    const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const key of spanishKeys as (keyof typeof esEC)[]) {
      expect(names(en[key]), key).toEqual(names(esEC[key]));
    }
  });

  it('keeps the trámite words verbatim (DESIGN §5)', () => {
    expect(esEC['action.search']).toBe('BUSCAR');
    expect(esEC['action.continue']).toBe('CONTINUAR');
    expect(esEC['action.accept']).toBe('ACEPTAR');
    expect(esEC['action.generate']).toBe('GENERAR');
    expect(esEC['action.finish']).toBe('FINALIZAR');
    expect(esEC['robot.label']).toBe('No soy un robot');
    expect(esEC['declaration.label']).toBe('Declaro que toda la información registrada es fidedigna');
    expect(esEC['welcome.generate']).toBe('Generar clave');
    expect(esEC['welcome.recover']).toBe('Recuperar clave');
    expect(esEC['welcome.employer']).toBe('Clave de empleador');
  });
});
