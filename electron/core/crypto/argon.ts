import argon2 from 'argon2';

/**
 * argon2id with the OWASP Password Storage minimum (m = 19 MiB, t = 2, p = 1): ~105 ms on
 * kiosk-class hardware (TOOLCHAIN.md), tolerable at the end of a trámite step. Used for the
 * clave, security answers and staff PINs; the PHC string carries its own salt and parameters,
 * so the central can verify without knowing these constants.
 */
export const ARGON2_PARAMS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * node-argon2 writes the parameters sorted by name (`m=…,p=…,t=…`); the reference argon2
 * encoding is `m=…,t=…,p=…`, and strict parsers (libsodium's crypto_pwhash_str_verify) accept
 * only that order, so the PHC string leaves here in reference order. node-argon2 reads either.
 */
function toReferenceOrder(phc: string): string {
  return phc.replace(/\$m=(\d+),p=(\d+),t=(\d+)\$/, '$$m=$1,t=$3,p=$2$$');
}

export async function hashSecret(plain: string): Promise<string> {
  return toReferenceOrder(await argon2.hash(plain, ARGON2_PARAMS));
}

/** False for a wrong secret and for anything that is not a usable PHC string; never throws. */
export async function verifySecret(phc: string, plain: string): Promise<boolean> {
  if (!phc.startsWith('$argon2')) return false;
  try {
    return await argon2.verify(phc, plain);
  } catch {
    return false;
  }
}
