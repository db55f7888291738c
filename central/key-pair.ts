import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';

/** PKCS#8 of an Ed25519 / X25519 private key up to its 32 bytes (RFC 8410). */
const PKCS8_PREFIX = {
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
} as const;

/**
 * A new Ed25519 or X25519 key pair, made from 32 random bytes through createPrivateKey and never
 * through generateKeyPair. On Node 20 a key that generateKeyPair made shares a lock with the job
 * that made it; when the garbage collector finalises that job while the key is in use (exported
 * to JWK for a signature, or in an ECDH), the process deadlocks for good. A kiosk hung that way
 * before its ready line (gdb: ~KeyGenJob → uv_mutex_lock under ExportJWK). Keys made here share
 * no lock with any job, and the private and the public key share none with each other.
 */
export function newKeyPair(type: 'ed25519' | 'x25519'): { privateKey: KeyObject; publicKey: KeyObject } {
  const der = Buffer.concat([PKCS8_PREFIX[type], randomBytes(32)]);
  try {
    return {
      privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      // its own parse of the private key (Node derives the public half), so no lock is shared
      publicKey: createPublicKey(`-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`),
    };
  } finally {
    der.fill(0);
  }
}
