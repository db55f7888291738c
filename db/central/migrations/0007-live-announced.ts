import type { Kysely } from 'kysely';

/**
 * What the live view last announced of each kiosk (online, stuck; 1/0, null = nothing yet), so the
 * "went offline" transition is a conditional UPDATE: of several central nodes sweeping at once,
 * exactly one changes the row and publishes it. Portable types only; one column per statement
 * (SQLite adds one column per ALTER TABLE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('kiosk_status').addColumn('announced_online', 'integer').execute();
  await db.schema.alterTable('kiosk_status').addColumn('announced_stuck', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('kiosk_status').dropColumn('announced_stuck').execute();
  await db.schema.alterTable('kiosk_status').dropColumn('announced_online').execute();
}
