import { diffieHellman, sign, verify } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newKeyPair } from './key-pair';

const ROOT = resolve(import.meta.dirname, '..');

/** Every shipped TypeScript source (tests, fixtures and dependencies aside). */
function shippedSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['node_modules', 'fixtures', 'out'].includes(name) ? [] : shippedSources(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$|testkit|testing/.test(name) ? [path] : [];
  });
}

describe('newKeyPair', () => {
  it('makes Ed25519 keys that sign and verify, a fresh pair each time', () => {
    const a = newKeyPair('ed25519');
    const b = newKeyPair('ed25519');
    expect([a.privateKey.asymmetricKeyType, a.publicKey.type]).toEqual(['ed25519', 'public']);
    const message = Buffer.from('kiosk');
    const signature = sign(null, message, a.privateKey);
    expect(verify(null, message, a.publicKey, signature)).toBe(true);
    expect(verify(null, message, b.publicKey, signature)).toBe(false);
    expect(a.publicKey.export({ type: 'spki', format: 'der' })).not.toEqual(
      b.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('makes X25519 keys whose agreement both sides reach', () => {
    const kiosk = newKeyPair('x25519');
    const central = newKeyPair('x25519');
    expect(kiosk.privateKey.asymmetricKeyType).toBe('x25519');
    expect(diffieHellman({ privateKey: kiosk.privateKey, publicKey: central.publicKey })).toEqual(
      diffieHellman({ privateKey: central.privateKey, publicKey: kiosk.publicKey }),
    );
  });

  it('is the only way shipped code makes a key pair (generateKeyPair can deadlock Node 20 under GC)', () => {
    const offenders = ['central', 'electron', 'domain', 'renderer', 'db', 'scripts']
      .flatMap((dir) => shippedSources(join(ROOT, dir)))
      .filter((file) => !file.endsWith('key-pair.ts'))
      .filter((file) => /generateKeyPair|generateKey\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
