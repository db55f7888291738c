import { createHmac, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { StaffPinVerifier } from '../../../central/contract';

/**
 * Checks a typed PIN against a cached verifier: argon2id of the PIN with the verifier's salt and
 * parameters, then HMAC-SHA256 under this kiosk's offline key, compared in constant time. The
 * parameters were bounded by the contract's schema before they were cached.
 */
export async function pinMatchesVerifier(key: Buffer, verifier: StaffPinVerifier, pin: string): Promise<boolean> {
  try {
    const raw = await argon2.hash(pin, {
      type: argon2.argon2id,
      raw: true,
      salt: Buffer.from(verifier.salt, 'base64'),
      memoryCost: verifier.m,
      timeCost: verifier.t,
      parallelism: verifier.p,
      hashLength: verifier.length,
    });
    const mac = createHmac('sha256', key).update(raw).digest();
    const expected = Buffer.from(verifier.mac, 'base64url');
    return expected.length === mac.length && timingSafeEqual(mac, expected);
  } catch {
    return false;
  }
}
