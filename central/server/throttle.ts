import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';

export type ThrottleRule = { limit: number; windowMs: number; lockMs: number };

/** ok: this try is counted and may go ahead; otherwise refused until `retryAt`. */
export type Taken = { ok: true; tries: number } | { ok: false; retryAt: number };

/**
 * Counts one try on `key` BEFORE the work it guards, with one conditional UPDATE, so callers that
 * race (in one process or in several on one database) cannot all read "under the limit" and all
 * go ahead. The try that goes past the limit locks the key for `lockMs`; a lock or a window that
 * has run out starts a fresh count. A success may `clear` the key afterwards.
 */
export async function takeTry(
  db: Kysely<CentralDatabase>,
  key: string,
  rule: ThrottleRule,
  now: number,
): Promise<Taken> {
  await db
    .insertInto('throttle')
    .values({ key, tries: 0, window_start: now, locked_until: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  // a run-out lock or window: a fresh count (two processes doing this at once reset it once)
  await db
    .updateTable('throttle')
    .set({ tries: 0, window_start: now, locked_until: null })
    .where('key', '=', key)
    .where((eb) =>
      eb.or([
        eb.and([eb('locked_until', 'is', null), eb('window_start', '<=', now - rule.windowMs)]),
        eb('locked_until', '<=', now),
      ]),
    )
    .execute();
  const counted = await db
    .updateTable('throttle')
    .set((eb) => ({ tries: eb('tries', '+', 1) }))
    .where('key', '=', key)
    .where('locked_until', 'is', null)
    .returning(['tries'])
    .executeTakeFirst();
  if (counted && counted.tries <= rule.limit) return { ok: true, tries: counted.tries };
  if (counted) {
    await db
      .updateTable('throttle')
      .set({ locked_until: now + rule.lockMs })
      .where('key', '=', key)
      .where('locked_until', 'is', null)
      .execute();
  }
  const row = await db.selectFrom('throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  return { ok: false, retryAt: row?.locked_until ?? now + rule.lockMs };
}

/** Locks `key` now (the try that reached the limit failed too). */
export async function lockKey(
  db: Kysely<CentralDatabase>,
  key: string,
  rule: ThrottleRule,
  now: number,
): Promise<void> {
  await db
    .updateTable('throttle')
    .set({ locked_until: now + rule.lockMs })
    .where('key', '=', key)
    .where('locked_until', 'is', null)
    .execute();
}

/** The tries left before the lock, and the lock if one is in force. */
export async function throttleState(
  db: Kysely<CentralDatabase>,
  key: string,
  rule: ThrottleRule,
  now: number,
): Promise<{ triesLeft: number; lockedUntil: number | null }> {
  const row = await db.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return { triesLeft: rule.limit, lockedUntil: null };
  if (row.locked_until !== null && row.locked_until > now) return { triesLeft: 0, lockedUntil: row.locked_until };
  if (row.locked_until !== null || row.window_start <= now - rule.windowMs)
    return { triesLeft: rule.limit, lockedUntil: null };
  return { triesLeft: Math.max(0, rule.limit - row.tries), lockedUntil: null };
}

/** A right answer: the count starts again (a lock in force stays). */
export async function clearTries(db: Kysely<CentralDatabase>, key: string): Promise<void> {
  await db.updateTable('throttle').set({ tries: 0 }).where('key', '=', key).where('locked_until', 'is', null).execute();
}
