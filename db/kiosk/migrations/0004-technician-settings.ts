import type { Kysely } from 'kysely';

/**
 * What a technician set on this kiosk (central address, office, idle times, update channel and
 * window). One row per setting: a setting without a row follows the environment. Who set it and
 * when are kept with it; the audit log itself is the central's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('technician_setting')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('technician_setting').execute();
}
