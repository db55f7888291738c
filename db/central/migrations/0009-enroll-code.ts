import type { Kysely } from 'kysely';
import { epochMsType } from '../../dialect';

/**
 * One-time enrollment codes: issued for one kiosk id, kept as a sha-256 (the code itself is shown
 * once, to whoever issued it), spent by the enrollment that uses it, and dead after its expiry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ms = epochMsType(db);
  await db.schema
    .createTable('enroll_code')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('used_at', ms)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('enroll_code').execute();
}
