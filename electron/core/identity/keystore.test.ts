import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateIdentity, SEALED_KEY_FILE } from './keystore';
import { plainKeySealer, type KeySealer } from './sealer';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'keystore-'));
  dirs.push(dir);
  return dir;
};

/** Stands in for the OS keystore: a key the data dir never holds. */
function keystoreSealer(key = randomBytes(32)): KeySealer {
  return {
    kind: 'os-keystore',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    unseal(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

describe('kiosk key at rest', () => {
  it('plain (web host): a mode-600 PEM, the same identity on the next start', () => {
    const dir = dataDir();
    const first = loadOrCreateIdentity(dir, 'KIOSCO-01', plainKeySealer);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toContain('PRIVATE KEY');
    expect(loadOrCreateIdentity(dir, 'KIOSCO-01', plainKeySealer).publicKey).toBe(first.publicKey);
  });

  it('sealed (Electron): the file holds no key material, and only the same keystore opens it', () => {
    const dir = dataDir();
    const key = randomBytes(32);
    const first = loadOrCreateIdentity(dir, 'KIOSCO-01', keystoreSealer(key));
    const onDisk = readFileSync(join(dir, SEALED_KEY_FILE));
    expect(onDisk.includes('PRIVATE KEY')).toBe(false);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(statSync(join(dir, SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateIdentity(dir, 'KIOSCO-01', keystoreSealer(key)).publicKey).toBe(first.publicKey);
    // another user's keystore (or a copy of the dir on another machine) cannot open it
    expect(() => loadOrCreateIdentity(dir, 'KIOSCO-01', keystoreSealer())).toThrow();
  });

  it('a plain key from an earlier version is sealed on the first start with a keystore, same identity', () => {
    const dir = dataDir();
    const before = loadOrCreateIdentity(dir, 'KIOSCO-01', plainKeySealer);
    const sealer = keystoreSealer();
    const after = loadOrCreateIdentity(dir, 'KIOSCO-01', sealer);
    expect(after.publicKey).toBe(before.publicKey);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(readFileSync(join(dir, SEALED_KEY_FILE)).includes('PRIVATE KEY')).toBe(false);
  });

  it('the web host refuses a sealed key instead of making a new one behind it', () => {
    const dir = dataDir();
    loadOrCreateIdentity(dir, 'KIOSCO-01', keystoreSealer());
    expect(() => loadOrCreateIdentity(dir, 'KIOSCO-01', plainKeySealer)).toThrow(/KIOSK_DATA_DIR/);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });
});
