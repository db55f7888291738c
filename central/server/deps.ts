import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import type { Office } from './catalog';
import type { Mailer } from './mail/types';
import type { SmsSender } from './sms/types';
import type { Hasher, HashParams } from './secrets';

/** What the central's routes need; tests build it with an in-memory db and a fake clock. */
export type CentralDeps = {
  db: Kysely<CentralDatabase>;
  /** base of emailed links, without trailing slash */
  publicUrl: string;
  activationTtlSeconds: number;
  /** employer confirmation code lifetime (DESIGN §2: 10 minutes) */
  codeTtlSeconds: number;
  lockMinutes: number;
  now: () => number;
  office: Office;
  /** lookups per kiosk per minute before 429 (trámite step 3: per-kiosk rate limit) */
  lookupsPerMinute: number;
  hashParams: HashParams;
  /** every argon2 hash and verify of the routes; stored hashes outside its allow-list are refused */
  hasher: Hasher;
  /** the second factors (activation link, employer code) leave the central only by this mail */
  mailer: Mailer;
  /** the technician's enrollment code (CENTRAL_ENROLL_CODE); null = no enrollment over HTTP */
  enrollCode: string | null;
  /** X25519 private key that opens what kiosks seal (the clave, answers, contact data) */
  sealKey: KeyObject;
  /** the SMS code leaves the central only by this (SMPP when SMS_URL is set, else a capture outbox) */
  sms: SmsSender;
  /** SMS code lifetime: 5 minutes */
  smsCodeTtlSeconds: number;
  /** keys derived from sealKey, one per purpose (secrets.ts deriveKey) */
  keys: { decoys: Buffer; staffOffline: Buffer; recordAnswers: Buffer; smsCode: Buffer };
  /** challenge draws before 429: per person per hour, per kiosk per minute */
  drawsPerPersonPerHour: number;
  drawsPerKioskPerMinute: number;
  /** portal login: wrong tries per account and per source address in a window, then a lock */
  portalLogin: { perAccount: number; perSource: number; windowMs: number; lockMs: number };
};

export const MAX_ATTEMPTS = 5; // trámite step 4: 5 attempts, then lockout counted by central
export const CHALLENGE_TTL_MS = 10 * 60_000;
export const GRANT_TTL_MS = 15 * 60_000;
export const CODE_TTL_SECONDS = 10 * 60;
/** A verification that takes longer than this (a crashed process) frees the person again. */
export const VERIFY_LEASE_MS = 30_000;
/** Staff PINs checked at the central: wrong tries per kiosk, then a lock (as the kiosk's own gate). */
export const MAX_STAFF_PIN_TRIES = 5;
export const STAFF_PIN_LOCK_MS = 15 * 60_000;
export const MAX_CODE_TRIES = 5;
export const SMS_CODE_TTL_SECONDS = 5 * 60;
/** A credentials payload sealed while its grant was alive is honoured this long after (outbox backlog). */
export const CREDENTIALS_GRACE_MS = 24 * 60 * 60_000;
