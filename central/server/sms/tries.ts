import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../../db/central/schema';
import { MAX_CODE_TRIES } from '../deps';

/**
 * The 5 tries of the SMS code belong to the person, not to a grant or a kiosk: a second kiosk,
 * or a fresh verification, does not start them over. A try is reserved (counted) before the code
 * is compared, in one conditional UPDATE, so 100 guesses sent at once compare at most 5 times.
 * A right code gives its try back and clears the count; the 5th wrong one locks the SMS way for
 * the central's lock time (the email link stays open: SMS is never the only way).
 */
export type SmsLock = { locked: false; attemptsLeft: number } | { locked: true; lockedUntil: number | null };

type Db = Kysely<CentralDatabase>;

/** A lock that ran out is a fresh start of 5 tries. */
async function forgetSpentLock(db: Db, personId: string, now: number): Promise<void> {
  await db
    .updateTable('afiliado')
    .set({ sms_failed_attempts: 0, sms_locked_until: null })
    .where('id', '=', personId)
    .where('sms_locked_until', '<=', now)
    .execute();
}

export async function smsLockOf(db: Db, personId: string, now: number): Promise<SmsLock> {
  await forgetSpentLock(db, personId, now);
  const row = await db
    .selectFrom('afiliado')
    .select(['sms_failed_attempts', 'sms_locked_until'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  if (row.sms_locked_until !== null) return { locked: true, lockedUntil: Number(row.sms_locked_until) };
  const left = MAX_CODE_TRIES - Number(row.sms_failed_attempts);
  return left > 0 ? { locked: false, attemptsLeft: left } : { locked: true, lockedUntil: null };
}

/** Counts one try before the comparison; null when none is left (locked). Returns the tries used. */
export async function reserveTry(db: Db, personId: string, now: number): Promise<number | null> {
  await forgetSpentLock(db, personId, now);
  const row = await db
    .updateTable('afiliado')
    .set((eb) => ({ sms_failed_attempts: eb('sms_failed_attempts', '+', 1) }))
    .where('id', '=', personId)
    .where('sms_failed_attempts', '<', MAX_CODE_TRIES)
    .where('sms_locked_until', 'is', null)
    .returning('sms_failed_attempts')
    .executeTakeFirst();
  return row ? Number(row.sms_failed_attempts) : null;
}

/** A right code: the count starts over. */
export async function clearTries(db: Db, personId: string): Promise<void> {
  await db
    .updateTable('afiliado')
    .set({ sms_failed_attempts: 0, sms_locked_until: null })
    .where('id', '=', personId)
    .execute();
}

/** The 5th wrong code: the SMS way closes for the person, and every code still out is void. */
export async function lockSms(db: Db, personId: string, until: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('afiliado').set({ sms_locked_until: until }).where('id', '=', personId).execute();
    await trx
      .updateTable('sms_code')
      .set({ spent: 1 })
      .where('subject_id', '=', personId)
      .where('confirmed_at', 'is', null)
      .execute();
  });
}
