import type { Transaction } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';

/**
 * Records an idempotency key inside the transaction of its effect: false when the key was
 * already there, so the caller rolls the effect back and the key stays applied at most once.
 */
export async function recordKey(trx: Transaction<CentralDatabase>, key: { key: string; kioskId: string; route: string }, now: number): Promise<boolean> {
  const inserted = await trx
    .insertInto('idempotency')
    .values({ key: key.key, kiosk_id: key.kioskId, route: key.route, applied_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows !== 0n;
}
