import { StaffPinVerifier } from '../contract';
import { hmac } from './secrets';

/** This kiosk's offline key: only this kiosk gets it (sealed), and its verifiers need it. */
export function offlineKeyFor(staffOfflineKey: Buffer, kioskId: string): Buffer {
  return hmac(staffOfflineKey, `kiosk\u0000${kioskId}`);
}

/** A short public id of an offline key, so a kiosk knows whether its key made a verifier. */
export function offlineKeyId(key: Buffer): string {
  return hmac(key, 'key-id').subarray(0, 8).toString('hex');
}

/**
 * The offline verifier of a stored argon2id PIN hash, for one kiosk: salt and parameters as
 * stored, and HMAC(kioskKey, argon2 output). A kiosk holding the key recomputes argon2 of a typed
 * PIN and compares; someone with only the cache (kiosk.db, a backup, a diagnostics bundle) cannot
 * test a single guess. Null when the stored hash is not one a kiosk may be asked to recompute.
 */
export function pinVerifierOf(key: Buffer, phc: string): StaffPinVerifier | null {
  const match = /^\$argon2id\$v=19\$([^$]+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return null;
  const [, paramText = '', salt = '', output = ''] = match;
  const params = new Map(paramText.split(',').map((kv) => kv.split('=') as [string, string]));
  const raw = Buffer.from(output, 'base64');
  const parsed = StaffPinVerifier.safeParse({
    salt,
    m: Number(params.get('m')),
    t: Number(params.get('t')),
    p: Number(params.get('p')),
    length: raw.length,
    kid: offlineKeyId(key),
    mac: hmac(key, raw).toString('base64url'),
  });
  return parsed.success ? parsed.data : null;
}
