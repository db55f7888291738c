import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from './key-sealer';
import { decideStart, type StartContext } from './start-decision';

const keystore = (available: boolean, backend = 'gnome_libsecret'): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (text) => Buffer.from(text).reverse(),
  decryptString: (sealed) => Buffer.from(sealed).reverse().toString(),
});
const packaged: StartContext = { isPackaged: true, platform: 'linux', safeStorage: keystore(true), role: 'kiosk' };
const fromSources: StartContext = { ...packaged, isPackaged: false };
const https = { CENTRAL_URL: 'https://central.iess.gob.ec', KIOSK_ENROLL_CODE: 'codigo-1234' };

describe('how the Electron kiosk starts', () => {
  it('packaged without a central: the technician screen, no boot (no demo central, no demo seed)', () => {
    const decision = decideStart({ KIOSK_ID: 'KIOSCO-07' }, packaged);
    expect(decision).toMatchObject({
      kind: 'setup',
      notice: { problem: 'central_required', variables: ['CENTRAL_URL'] },
      info: { kioskId: 'KIOSCO-07', role: 'kiosk' },
    });
  });

  it('packaged with an http central on this machine: refused too', () => {
    expect(decideStart({ CENTRAL_URL: 'http://127.0.0.1:4010' }, packaged)).toMatchObject({
      kind: 'setup',
      notice: { problem: 'central_not_https' },
    });
  });

  it('packaged with a bad variable: the technician screen names it (the shell does not just exit)', () => {
    expect(decideStart({ ...https, KIOSK_IDLE_WARN_SECONDS: 'soon' }, packaged)).toMatchObject({
      kind: 'setup',
      notice: { problem: 'config_invalid', variables: ['KIOSK_IDLE_WARN_SECONDS'] },
    });
  });

  it('packaged with an https central but no real keystore: refused, the key is never left plain', () => {
    expect(decideStart(https, { ...packaged, safeStorage: keystore(true, 'basic_text') })).toMatchObject({
      kind: 'setup',
      notice: { problem: 'keystore_unavailable' },
      details: [expect.stringContaining('basic_text')],
    });
  });

  it('packaged with an https central and a keystore: boots with the sealed key', () => {
    const decision = decideStart(https, packaged);
    expect(decision).toMatchObject({ kind: 'boot', keySealer: { kind: 'os-keystore' } });
    expect(decision.kind === 'boot' && decision.config.centralUrl).toBe('https://central.iess.gob.ec');
  });

  it('from the sources: the demo defaults boot, and a bad variable exits as before', () => {
    expect(decideStart({}, { ...fromSources, safeStorage: keystore(false) })).toMatchObject({
      kind: 'boot',
      keySealer: { kind: 'plain' },
      notes: [expect.stringContaining('mode-600')],
    });
    expect(decideStart({ KIOSK_HOST_PORT: 'x' }, fromSources)).toMatchObject({ kind: 'exit', code: 2 });
  });
});
