import type { Kysely } from 'kysely';

/**
 * The SMS code, a second way to prove the person (beside the emailed link): each code sent, kept
 * only as an HMAC, bound to the grant it was sent for; and the person's wrong tries, counted here
 * so that no kiosk can start them over. Portable schema builder only (SQLite and PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sms_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grant_hash', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    // HMAC of the number, so the hourly limit per number needs no second copy of it
    .addColumn('number_key', 'text', (c) => c.notNull())
    .addColumn('code_mac', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    // replaced by a newer code, voided by a lock, or never delivered
    .addColumn('spent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sms_code_grant').on('sms_code').column('grant_hash').execute();
  await db.schema.createIndex('sms_code_number').on('sms_code').columns(['number_key', 'created_at']).execute();
  // rows older than a day are pruned: nothing needs them after the hourly limits and the grant
  await db.schema.createIndex('sms_code_created').on('sms_code').column('created_at').execute();
  await db.schema.createIndex('sms_code_kiosk').on('sms_code').columns(['kiosk_id', 'created_at']).execute();
  await db.schema
    .alterTable('afiliado')
    .addColumn('sms_failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('afiliado').addColumn('sms_locked_until', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('afiliado').dropColumn('sms_locked_until').execute();
  await db.schema.alterTable('afiliado').dropColumn('sms_failed_attempts').execute();
  await db.schema.dropTable('sms_code').execute();
}
