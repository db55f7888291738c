import { plainKeySealer, type KeySealer } from '../core/identity/sealer';

/**
 * The parts of Electron's safeStorage the kiosk uses (a fake of the same shape in tests).
 * `getSelectedStorageBackend` exists on Linux only.
 */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
};

export type KeySealerChoice =
  | { ok: true; sealer: KeySealer; note?: string }
  | { ok: false; problem: 'keystore_unavailable' | 'keystore_plaintext'; detail: string };

/**
 * Chooses how the kiosk key rests on disk, in the main process after `app` is ready.
 *
 * A packaged kiosk seals it with safeStorage or does not start: on Linux, Chromium falls back
 * to the `basic_text` backend when no secret service (libsecret, KWallet) runs, and that
 * "encryption" uses a fixed, public password, so it protects nothing and is refused too. A build
 * run from the sources (development, the Electron e2e target under xvfb, where no secret service
 * runs) keeps the plain mode-600 file and says so.
 */
export function chooseKeySealer(
  safeStorage: SafeStorageLike,
  context: { platform: NodeJS.Platform; isPackaged: boolean },
): KeySealerChoice {
  const available = safeStorage.isEncryptionAvailable();
  const backend = context.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const plaintext = backend === 'basic_text' || backend === 'unknown';
  if (available && !plaintext) return { ok: true, sealer: safeStorageSealer(safeStorage) };
  const detail = available
    ? `safeStorage backend is ${backend}: no secret service (gnome-keyring/libsecret or KWallet) in this session`
    : 'safeStorage is not available: no OS keystore for this user';
  if (context.isPackaged)
    return { ok: false, problem: available ? 'keystore_plaintext' : 'keystore_unavailable', detail };
  return { ok: true, sealer: plainKeySealer, note: `${detail}; unpackaged build, the key stays a mode-600 file` };
}

/** Seals the key's PEM text with the OS keystore. */
export function safeStorageSealer(safeStorage: SafeStorageLike): KeySealer {
  return {
    kind: 'os-keystore',
    seal: (plain) => safeStorage.encryptString(plain.toString('utf8')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'utf8'),
  };
}
