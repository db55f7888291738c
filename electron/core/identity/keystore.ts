import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPublicKey, newKioskKeyPair, type KioskIdentity } from '../../../central/kiosk-auth';
import { plainKeySealer, type KeySealer } from './sealer';

/** Where the kiosk's private key lives: its data dir, readable by the kiosk's user only. */
export const KEY_FILE = 'kiosk-key.pem';
/** The same key sealed by the OS keystore (Electron): opaque bytes only this user on this machine can open. */
export const SEALED_KEY_FILE = 'kiosk-key.sealed';

const fileFor = (sealer: KeySealer) => (sealer.kind === 'plain' ? KEY_FILE : SEALED_KEY_FILE);

function privateKeyFrom(pem: string, file: string): KeyObject {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key`);
  return privateKey;
}

/**
 * The kiosk's Ed25519 identity: made once at first start and kept in KIOSK_DATA_DIR (DESIGN §5).
 * Whoever holds the unsealed key can act as this kiosk until it is revoked at the central, so
 * the sealer chosen at the composition root decides how it rests on disk. A plain key left by an
 * earlier version is sealed on the first start with a keystore, and the plain file removed; a
 * sealed key is never silently replaced by a new one (its enrollment would be orphaned).
 */
export function loadOrCreateIdentity(
  dataDir: string,
  kioskId: string,
  sealer: KeySealer = plainKeySealer,
): KioskIdentity {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, fileFor(sealer));
  const identity = (privateKey: KeyObject): KioskIdentity => ({
    kioskId,
    privateKey,
    publicKey: exportPublicKey(createPublicKey(privateKey)),
  });
  if (existsSync(file)) {
    const pem = sealer.unseal(readFileSync(file)).toString('utf8');
    return identity(privateKeyFrom(pem, file));
  }
  if (sealer.kind === 'plain' && existsSync(join(dataDir, SEALED_KEY_FILE)))
    throw new Error(
      `${join(dataDir, SEALED_KEY_FILE)} is sealed by the Electron kiosk's OS keystore and cannot be read here: use another KIOSK_DATA_DIR`,
    );
  const legacy = join(dataDir, KEY_FILE);
  if (sealer.kind !== 'plain' && existsSync(legacy)) {
    const privateKey = privateKeyFrom(readFileSync(legacy, 'utf8'), legacy);
    writeSealed(file, sealer, privateKey);
    rmSync(legacy);
    return identity(privateKey);
  }
  const pair = newKioskKeyPair();
  writeSealed(file, sealer, pair.privateKey);
  return { kioskId, ...pair };
}

function writeSealed(file: string, sealer: KeySealer, privateKey: KeyObject): void {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  // 'wx': two starts racing must not both write a key (the second would orphan the first's enrollment)
  writeFileSync(file, sealer.seal(Buffer.from(pem)), { mode: 0o600, flag: 'wx' });
}
