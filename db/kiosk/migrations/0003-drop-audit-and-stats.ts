import type { Kysely } from 'kysely';

/**
 * The kiosk never wrote `audit` or `stats_daily`: the central holds the audit log and computes the
 * figures from session events, so a kiosk keeps no second, drifting copy of either.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit').ifExists().execute();
  await db.schema.dropTable('stats_daily').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('stats_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_daily_pk', ['day', 'metric'])
    .execute();
}
