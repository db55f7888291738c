import type { Kysely } from 'kysely';
import type { KioskDb } from './schema';

export type StoredSetting = { name: string; value: unknown; setBy: string; setAt: number };

export async function readSettings(db: Kysely<KioskDb>): Promise<StoredSetting[]> {
  const rows = await db.selectFrom('technician_setting').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, value: JSON.parse(r.value) as unknown, setBy: r.set_by, setAt: r.set_at }));
}

/** Sets and clears (value null) settings in one transaction: a change is applied whole or not at all. */
export async function writeSettings(
  db: Kysely<KioskDb>,
  changes: { name: string; value: unknown }[],
  setBy: string,
  at: number,
  // runs in the same transaction (the audit row for the central joins the change)
  also?: (trx: Kysely<KioskDb>) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const change of changes) {
      if (change.value === null) {
        await trx.deleteFrom('technician_setting').where('name', '=', change.name).execute();
        continue;
      }
      const value = JSON.stringify(change.value);
      await trx
        .insertInto('technician_setting')
        .values({ name: change.name, value, set_by: setBy, set_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value, set_by: setBy, set_at: at }))
        .execute();
    }
    await also?.(trx);
  });
}

export type DeadLetterRow = {
  id: string;
  kind: string;
  last_error: string | null;
  attempts: number;
  created_at: number;
  payload: string;
};

export async function listDeadLetters(db: Kysely<KioskDb>, limit: number): Promise<DeadLetterRow[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'kind', 'last_error', 'attempts', 'created_at', 'payload'])
    .where('status', '=', 'dead')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Back in the queue, due now, with fresh attempts; false when no such dead letter (or its payload is gone). */
export async function requeueDeadLetter(db: Kysely<KioskDb>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .where('payload', '!=', '{}')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function discardDeadLetter(db: Kysely<KioskDb>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('outbox').where('id', '=', id).where('status', '=', 'dead').executeTakeFirst();
  return result.numDeletedRows > 0n;
}
