import type { Kysely } from 'kysely';
import { engineOf, epochMsType } from '../../dialect';

/** Session events from kiosk outboxes, kept for the figures; no personal data (DESIGN §4). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ms = epochMsType(db); // epoch milliseconds (see 0001)
  const postgres = engineOf(db) === 'postgres';
  await db.schema
    .createTable('session_event')
    // arrival order: what "order per session kept" is checked against. SQLite: INTEGER PRIMARY
    // KEY AUTOINCREMENT, as first shipped; PostgreSQL: an identity column (it has no AUTOINCREMENT)
    .addColumn('seq', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('flow', 'text')
    .addColumn('step', 'text')
    .addColumn('at', ms, (c) => c.notNull())
    .addColumn('received_at', ms, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('session_event').execute();
}
