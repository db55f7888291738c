import type { Kysely } from 'kysely';
import type { KioskDb } from './schema';

export type CachedCatalog = { etag: string | null; body: string; fetchedAt: number };

/** The last good copy of a catalog from the central, used when it cannot be reached. */
export async function readCatalog(db: Kysely<KioskDb>, name: string): Promise<CachedCatalog | null> {
  const row = await db.selectFrom('catalog_cache').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { etag: row.etag, body: row.body, fetchedAt: row.fetched_at } : null;
}

export async function writeCatalog(db: Kysely<KioskDb>, name: string, entry: CachedCatalog): Promise<void> {
  await db
    .insertInto('catalog_cache')
    .values({ name, etag: entry.etag, body: entry.body, fetched_at: entry.fetchedAt })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ etag: entry.etag, body: entry.body, fetched_at: entry.fetchedAt }),
    )
    .execute();
}

/** A 304: the copy is still current; only the time it was last confirmed moves. */
export async function touchCatalog(db: Kysely<KioskDb>, name: string, fetchedAt: number): Promise<void> {
  await db.updateTable('catalog_cache').set({ fetched_at: fetchedAt }).where('name', '=', name).execute();
}
