import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPublicKey, newKioskKeyPair, type KioskIdentity } from '../../../central/kiosk-auth';

/** Where the kiosk's private key lives: its data dir, readable by the kiosk's user only. */
export const KEY_FILE = 'kiosk-key.pem';

/**
 * The kiosk's Ed25519 identity: made once at first start and kept in KIOSK_DATA_DIR (DESIGN §5).
 * Whoever copies this file can act as this kiosk until it is revoked at the central; in Electron
 * the file should be sealed with safeStorage (not done here: this module is plain Node).
 */
export function loadOrCreateIdentity(dataDir: string, kioskId: string): KioskIdentity {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key`);
    return { kioskId, privateKey, publicKey: exportPublicKey(createPublicKey(privateKey)) };
  }
  const pair = newKioskKeyPair();
  // 'wx': two starts racing must not both write a key (the second would orphan the first's enrollment)
  writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { kioskId, ...pair };
}
