import type { Kysely } from 'kysely';

/**
 * Limits that hold under races and across central processes on one database:
 * - the attempts row carries a lease, so a person's attempt is reserved by one conditional UPDATE
 *   before any argon2 work and only one verification is in flight per person;
 * - drawn challenge sets name the kiosk that drew them, so draws are counted per person and per
 *   kiosk from the table itself;
 * - `throttle` holds counted tries with a window and a lock (portal login per account and per
 *   source, staff PINs per kiosk);
 * - `staff_notice` keeps what staff must see (a clave refused after the person left the kiosk).
 * Times are epoch milliseconds: bigint, which a 32-bit integer column cannot hold on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('afiliado').addColumn('verify_lease', 'text').execute();
  await db.schema.alterTable('afiliado').addColumn('verify_lease_until', 'bigint').execute();

  await db.schema.alterTable('challenge_set').addColumn('kiosk_id', 'text').execute();
  await db.schema
    .createIndex('challenge_set_person_created')
    .on('challenge_set')
    .columns(['afiliado_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('challenge_set_kiosk_created')
    .on('challenge_set')
    .columns(['kiosk_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tries', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();

  await db.schema
    .createTable('staff_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kiosk_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    // the refusal's contract code; never a clave, answer or address
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text')
    // the person as the confirm screen shows them ('María F. Q. T.'), for staff to recognise
    .addColumn('masked_subject', 'text')
    // sha256 of the grant the refused payload carried: one mail to the person per grant
    .addColumn('grant_hash', 'text')
    .addColumn('person_told', 'integer', (c) => c.notNull())
    .addColumn('seen_at', 'bigint')
    .execute();
  await db.schema.createIndex('staff_notice_grant').on('staff_notice').column('grant_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_notice').execute();
  await db.schema.dropTable('throttle').execute();
  await db.schema.dropIndex('challenge_set_kiosk_created').execute();
  await db.schema.dropIndex('challenge_set_person_created').execute();
  await db.schema.alterTable('challenge_set').dropColumn('kiosk_id').execute();
  await db.schema.alterTable('afiliado').dropColumn('verify_lease_until').execute();
  await db.schema.alterTable('afiliado').dropColumn('verify_lease').execute();
}
