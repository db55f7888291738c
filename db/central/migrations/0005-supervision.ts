import type { Kysely } from 'kysely';

/**
 * Office supervision: the last heartbeat of each kiosk (state and step names only), staff
 * sessions opened by PIN at the central (token hashes only), commands waiting for a kiosk's next
 * heartbeat (help attended, end session), and the quejas reported at the kiosks.
 * Portable types only: the same migration runs on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kiosk_status')
    .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('step', 'text')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('outbox_depth', 'integer', (c) => c.notNull())
    .addColumn('dead_letters', 'integer', (c) => c.notNull())
    .addColumn('help_id', 'text')
    .addColumn('help_screen', 'text')
    .addColumn('help_since', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('update_phase', 'text')
    .addColumn('update_version', 'text')
    .addColumn('update_failed', 'integer')
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kiosk_status_office').on('kiosk_status').column('office').execute();
  await db.schema
    .createTable('staff_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('fleet_command')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('help_id', 'text')
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('fleet_command_kiosk')
    .on('fleet_command')
    .columns(['kiosk_id', 'delivered_at'])
    .execute();
  await db.schema
    .createTable('queja')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('step', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queja').execute();
  await db.schema.dropTable('fleet_command').execute();
  await db.schema.dropTable('staff_session').execute();
  await db.schema.dropTable('kiosk_status').execute();
}
