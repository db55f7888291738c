import type { Transaction } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';

/**
 * Keys are the kiosk's: stored under the authenticated kiosk, so one kiosk can neither claim nor
 * probe another's keys (a ULID guessed or seen elsewhere opens nothing).
 */
export function scopedKey(kioskId: string, key: string): string {
  return `${kioskId}/${key}`;
}

/**
 * Records an idempotency key inside the transaction of its effect: false when the key was
 * already there, so the caller rolls the effect back and the key stays applied at most once.
 */
export async function recordKey(
  trx: Transaction<CentralDatabase>,
  key: { key: string; kioskId: string; route: string },
  now: number,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('idempotency')
    .values({ key: scopedKey(key.kioskId, key.key), kiosk_id: key.kioskId, route: key.route, applied_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows !== 0n;
}
