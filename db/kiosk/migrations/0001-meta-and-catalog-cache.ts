import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kiosk_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('catalog_cache')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('catalog_cache').execute();
  await db.schema.dropTable('kiosk_meta').execute();
}
