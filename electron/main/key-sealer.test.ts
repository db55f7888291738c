import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseKeySealer, type SafeStorageLike } from './key-sealer';

/** Same shape as Electron's safeStorage, sealing with a key of its own (the OS keystore's part). */
function fakeSafeStorage(options: { available: boolean; backend?: string }): SafeStorageLike & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    isEncryptionAvailable: () => options.available,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('chooseKeySealer', () => {
  it('seals with safeStorage when the OS keystore is there: the sealed bytes do not hold the key', () => {
    const choice = chooseKeySealer(fakeSafeStorage({ available: true }), { platform: 'linux', isPackaged: true });
    if (!choice.ok) throw new Error(choice.detail);
    expect(choice.sealer.kind).toBe('os-keystore');
    const pem = Buffer.from('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n-----END PRIVATE KEY-----\n');
    const sealed = choice.sealer.seal(pem);
    expect(sealed.includes('PRIVATE KEY')).toBe(false);
    expect(choice.sealer.unseal(sealed).equals(pem)).toBe(true);
  });

  it('on Windows there is no backend to ask: DPAPI is used', () => {
    const choice = chooseKeySealer(fakeSafeStorage({ available: true, backend: 'basic_text' }), {
      platform: 'win32',
      isPackaged: true,
    });
    expect(choice).toMatchObject({ ok: true, sealer: { kind: 'os-keystore' } });
  });

  it('a packaged kiosk refuses the basic_text backend (a fixed public password) and a missing keystore', () => {
    expect(
      chooseKeySealer(fakeSafeStorage({ available: true, backend: 'basic_text' }), {
        platform: 'linux',
        isPackaged: true,
      }),
    ).toMatchObject({ ok: false, problem: 'keystore_plaintext', detail: expect.stringContaining('basic_text') });
    expect(
      chooseKeySealer(fakeSafeStorage({ available: false }), { platform: 'linux', isPackaged: true }),
    ).toMatchObject({ ok: false, problem: 'keystore_unavailable' });
    expect(
      chooseKeySealer(fakeSafeStorage({ available: false }), { platform: 'win32', isPackaged: true }),
    ).toMatchObject({ ok: false, problem: 'keystore_unavailable' });
  });

  it('a build from the sources without a keystore keeps the plain file and says so', () => {
    const choice = chooseKeySealer(fakeSafeStorage({ available: true, backend: 'basic_text' }), {
      platform: 'linux',
      isPackaged: false,
    });
    expect(choice).toMatchObject({ ok: true, sealer: { kind: 'plain' }, note: expect.stringContaining('mode-600') });
  });
});
