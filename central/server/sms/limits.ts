import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../../db/central/schema';

/**
 * How often an SMS code may go out, counted at the central (in its database, so every kiosk and
 * every node of the central sees the same count). A code costs the IESS money and rings a
 * person's phone: a script at one kiosk, or one person's number, must not be flooded.
 */
export const SMS_LIMITS = {
  /** codes to one number in an hour, whichever kiosk or grant asked */
  perNumberPerHour: 3,
  /** codes one kiosk may have sent in an hour (a busy kiosk serves ~10 people an hour) */
  perKioskPerHour: 20,
  /** as the email's RESEND: the first code and 3 resends for one grant */
  perGrant: 4,
  /** as the email's RESEND: 30 s between two codes to a number, unless the last one expired */
  resendGapMs: 30_000,
} as const;

const HOUR_MS = 60 * 60_000;
/** Past the hourly windows and any grant's life a row only records who asked, so it goes. */
export const SMS_CODE_KEEP_MS = 24 * HOUR_MS;

export async function pruneSmsCodes(db: Kysely<CentralDatabase>, now: number): Promise<void> {
  await db
    .deleteFrom('sms_code')
    .where('created_at', '<', now - SMS_CODE_KEEP_MS)
    .execute();
}

export type LimitCheck = { ok: true; sendsLeft: number } | { ok: false; retryAfterSeconds: number | null };

type Subject = { grantHash: string; numberKey: string; kioskId: string };

async function count(
  db: Kysely<CentralDatabase>,
  column: 'number_key' | 'kiosk_id' | 'grant_hash',
  value: string,
  since: number,
): Promise<{ n: number; oldest: number | null }> {
  const row = await db
    .selectFrom('sms_code')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number>('created_at').as('oldest')])
    .where(column, '=', value)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return {
    n: Number(row?.n ?? 0),
    oldest: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest),
  };
}

const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));

/**
 * Whether one more code may go out now. Called twice: before the row is written (to answer
 * early), and after, counting that row too, so two kiosks racing for the last slot cannot both
 * pass, on SQLite or PostgreSQL alike, without a lock.
 */
export async function checkSmsLimits(
  db: Kysely<CentralDatabase>,
  s: Subject,
  now: number,
  including: 'before' | 'after',
): Promise<LimitCheck> {
  const extra = including === 'before' ? 1 : 0;
  const hourAgo = now - HOUR_MS;
  const grant = await count(db, 'grant_hash', s.grantHash, 0);
  if (grant.n + extra > SMS_LIMITS.perGrant) return { ok: false, retryAfterSeconds: null };
  const number = await count(db, 'number_key', s.numberKey, hourAgo);
  if (number.n + extra > SMS_LIMITS.perNumberPerHour)
    return { ok: false, retryAfterSeconds: number.oldest === null ? null : secondsUntil(number.oldest + HOUR_MS, now) };
  const kiosk = await count(db, 'kiosk_id', s.kioskId, hourAgo);
  if (kiosk.n + extra > SMS_LIMITS.perKioskPerHour)
    return { ok: false, retryAfterSeconds: kiosk.oldest === null ? null : secondsUntil(kiosk.oldest + HOUR_MS, now) };
  if (including === 'before') {
    const last = await db
      .selectFrom('sms_code')
      .select(['created_at', 'expires_at'])
      .where('number_key', '=', s.numberKey)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      const free = Math.min(Number(last.created_at) + SMS_LIMITS.resendGapMs, Number(last.expires_at));
      if (free > now) return { ok: false, retryAfterSeconds: secondsUntil(free, now) };
    }
  }
  const sendsLeft = Math.min(
    SMS_LIMITS.perGrant - grant.n - extra,
    SMS_LIMITS.perNumberPerHour - number.n - extra,
    SMS_LIMITS.perKioskPerHour - kiosk.n - extra,
  );
  return { ok: true, sendsLeft: Math.max(0, sendsLeft) };
}
