/**
 * What protects the kiosk's private key at rest. The web host (a demo and test tool, plain
 * Node) keeps it as a mode-600 file; the Electron kiosk seals it with the OS keystore
 * (safeStorage: DPAPI on Windows, libsecret or KWallet on Linux), so a copy of the data dir
 * taken off the machine, or read by another user, does not carry a usable key.
 */
export interface KeySealer {
  /** how the file on disk is sealed; a key sealed one way is never read another way */
  readonly kind: 'plain' | 'os-keystore';
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/** The file's own permissions (0600) are the only protection: the web host's choice. */
export const plainKeySealer: KeySealer = {
  kind: 'plain',
  seal: (plain) => Buffer.from(plain),
  unseal: (sealed) => Buffer.from(sealed),
};
