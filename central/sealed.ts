import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { newKeyPair } from './key-pair';

/**
 * Secrets sealed to the central (docs/security.md): the new clave, security answers and contact
 * data leave the kiosk encrypted to the central's X25519 public key (ephemeral ECDH, HKDF-SHA256,
 * AES-256-GCM). The kiosk keeps no private key for them: what waits in its outbox is ciphertext
 * the kiosk itself cannot open. `context` is bound as associated data, so a sealed credentials
 * payload cannot be replayed as something else.
 */
const VERSION = 's1';
const INFO = Buffer.from('iess-clave-sealed-v1');

export function newSealKeyPair(): { privateKey: KeyObject; publicKey: string } {
  const { privateKey, publicKey } = newKeyPair('x25519');
  return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url') };
}

export function sealPublicKeyOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64url');
}

export function importSealPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'x25519') throw new Error('the seal key must be X25519');
  return key;
}

function keyFor(shared: Buffer, ephemeral: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, ephemeral, INFO, 32));
}

/** Seals a JSON value to the central's public key (SPKI DER, base64url). */
export function seal(centralPublicKey: string, context: string, value: unknown): string {
  const recipient = createPublicKey({ key: Buffer.from(centralPublicKey, 'base64url'), format: 'der', type: 'spki' });
  if (recipient.asymmetricKeyType !== 'x25519') throw new Error('the central seal key must be X25519');
  const eph = newKeyPair('x25519');
  const ephPublic = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = keyFor(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephPublic);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [
    VERSION,
    ephPublic.toString('base64url'),
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

/** Opens a sealed value with the central's private key; null when it is not one for this key and context. */
export function openSealed(privateKey: KeyObject, context: string, sealed: string): unknown {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  try {
    const [, ephB64 = '', ivB64 = '', tagB64 = '', bodyB64 = ''] = parts;
    const ephPublic = Buffer.from(ephB64, 'base64url');
    const ephKey = createPublicKey({ key: ephPublic, format: 'der', type: 'spki' });
    if (ephKey.asymmetricKeyType !== 'x25519') return null;
    const key = keyFor(diffieHellman({ privateKey, publicKey: ephKey }), ephPublic);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tagB64, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(bodyB64, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
