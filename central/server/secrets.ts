import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id parameters for everything the central hashes at rest (OWASP's m=19 MiB, t=2, p=1). */
export type HashParams = { memoryCost: number; timeCost: number; parallelism: number };
export const DEFAULT_HASH_PARAMS: HashParams = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashSecret(plain: string, params: HashParams = DEFAULT_HASH_PARAMS): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id, ...params });
}

/** A malformed stored hash is a wrong answer, not a crash. */
export async function verifySecret(phc: string | null | undefined, plain: string): Promise<boolean> {
  if (!phc) return false;
  try {
    return await argon2.verify(phc, plain);
  } catch {
    return false;
  }
}

/** Bearer tokens carry ≥128 random bits, so a fast hash is enough to keep them useless at rest. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/** A 6-digit confirmation code from the CSPRNG, leading zeros kept. */
export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Fisher–Yates with the CSPRNG: option order must not hint at the right answer. */
export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
