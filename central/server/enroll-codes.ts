import { randomInt } from 'node:crypto';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { sha256 } from './secrets';

/** A code is good for a day: long enough to drive to the office, short enough to go stale. */
export const ENROLL_CODE_TTL_MS = 24 * 60 * 60_000;

/** Crockford-like: no 0/O, 1/I/L or U, so a technician types it off a note without doubt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Codes are written in groups; what is compared is the letters alone, in capitals. */
export function normalEnrollCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Issues a one-time code that enrolls `kioskId` and no other (16 characters of a 30-letter
 * alphabet: 78 bits, from the CSPRNG). Only its sha-256 is stored: the code is shown once, to the
 * one who issued it, and a copy of the database enrolls nothing.
 */
export async function issueEnrollCode(
  deps: Pick<CentralDeps, 'db' | 'now'>,
  kioskId: string,
): Promise<{ code: string; expiresAt: number }> {
  const letters = Array.from({ length: GROUPS * GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = letters.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
  const now = deps.now();
  const expiresAt = now + ENROLL_CODE_TTL_MS;
  await deps.db
    .insertInto('enroll_code')
    .values({ code_hash: sha256(letters), kiosk_id: kioskId, created_at: now, expires_at: expiresAt, used_at: null })
    .execute();
  await recordAudit(deps.db, { at: now, kioskId: null, action: 'kiosk.enroll_code_issued', subject: kioskId });
  return { code, expiresAt };
}

/**
 * Spends a one-time code for `kioskId`: one conditional UPDATE, so of two enrollments racing
 * with one code exactly one gets it, on one central node or on several. A code for another id,
 * a spent one or an expired one spends nothing.
 */
export async function spendEnrollCode(
  deps: Pick<CentralDeps, 'db' | 'now'>,
  code: string,
  kioskId: string,
): Promise<boolean> {
  const now = deps.now();
  const spent = await deps.db
    .updateTable('enroll_code')
    .set({ used_at: now })
    .where('code_hash', '=', sha256(normalEnrollCode(code)))
    .where('kiosk_id', '=', kioskId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return spent.numUpdatedRows === 1n;
}
