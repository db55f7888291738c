import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual, type KeyObject } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id parameters for everything the central hashes at rest (OWASP's m=19 MiB, t=2, p=1). */
export type HashParams = { memoryCost: number; timeCost: number; parallelism: number };
export const DEFAULT_HASH_PARAMS: HashParams = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashSecret(plain: string, params: HashParams = DEFAULT_HASH_PARAMS): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id, ...params });
}

/** The parameters of an argon2id PHC string, or null when it is not one. */
export function hashParamsOf(phc: string): HashParams | null {
  const match = /^\$argon2id\$v=19\$([^$]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(phc);
  if (!match?.[1]) return null;
  const fields = new Map(match[1].split(',').map((kv) => kv.split('=') as [string, string]));
  const [m, t, p] = ['m', 't', 'p'].map((k) => Number(fields.get(k)));
  if (fields.size !== 3 || !Number.isInteger(m) || !Number.isInteger(t) || !Number.isInteger(p)) return null;
  return { memoryCost: m as number, timeCost: t as number, parallelism: p as number };
}

const sameParams = (a: HashParams, b: HashParams) =>
  a.memoryCost === b.memoryCost && a.timeCost === b.timeCost && a.parallelism === b.parallelism;

/**
 * Whether a stored hash may be verified: argon2id v19 with parameters from the allow-list only.
 * Anything else (256 MiB, t=50, argon2i…) is never handed to argon2, so whoever managed to store
 * a hash cannot choose what each check of it costs the central.
 */
export function isAllowedHash(phc: string, allowed: readonly HashParams[]): boolean {
  const params = hashParamsOf(phc);
  return params !== null && allowed.some((a) => sameParams(a, params));
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

/**
 * Every argon2 hash and verification of the central's routes goes through one of these: the
 * allow-list is applied in one place, and a test can count the work a request did.
 */
export type Hasher = {
  readonly params: HashParams;
  readonly allowed: readonly HashParams[];
  hash(plain: string): Promise<string>;
  /** false for a wrong secret, a missing or malformed hash, and a hash outside the allow-list */
  verify(phc: string | null | undefined, plain: string): Promise<boolean>;
  /** the same work as a verify against a real hash, for a subject that has none (equal work) */
  verifyDummy(plain: string): Promise<false>;
};

export function createHasher(params: HashParams, extraAllowed: readonly HashParams[] = []): Hasher {
  const allowed = [params, ...extraAllowed];
  let dummy: Promise<string> | null = null;
  const hasher: Hasher = {
    params,
    allowed,
    hash: (plain) => hashSecret(plain, params),
    async verify(phc, plain) {
      // a missing or refused hash still costs one verification: the time says nothing about it
      if (!phc || !isAllowedHash(phc, allowed)) return hasher.verifyDummy(plain);
      return verifySecret(phc, plain);
    },
    async verifyDummy(plain) {
      dummy ??= hashSecret(randomToken(), params);
      await verifySecret(await dummy, plain);
      return false;
    },
  };
  return hasher;
}

/**
 * A 256-bit key for one purpose, derived from the central's long-lived seal key (HKDF-SHA256), so
 * the central has one secret to keep and each use of it its own key.
 */
export function deriveKey(sealKey: KeyObject, purpose: string): Buffer {
  const material = sealKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', material, 'iess-central/v1', purpose, 32));
}

export function hmac(key: Buffer, value: string | Buffer): Buffer {
  return createHmac('sha256', key).update(value).digest();
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

const RECORD_PREFIX = 'hmac-sha256$';

/**
 * A record question's right answer (one of 4 options shown on screen) as stored: HMAC-SHA256
 * under a key of the central's. argon2 buys nothing against 4 options (whoever has the row and
 * the options tries all four either way); the key is what hides the answer in a copy of the
 * database, and it costs microseconds instead of an argon2 run per question.
 */
export function recordAnswerHash(key: Buffer, normalized: string): string {
  return RECORD_PREFIX + hmac(key, `record-answer\u0000${normalized}`).toString('base64url');
}

export function isRecordAnswerHash(stored: string): boolean {
  return stored.startsWith(RECORD_PREFIX);
}

export function matchesRecordAnswer(key: Buffer, stored: string, normalized: string): boolean {
  return isRecordAnswerHash(stored) && sameText(stored, recordAnswerHash(key, normalized));
}
