import type { Kysely } from 'kysely';
import type { CentralClient } from '../../central/client';
import { Catalogs } from '../../central/contract';
import { ok, type Result } from '../../contract/result';
import { readCatalog, touchCatalog, writeCatalog } from '../../../db/kiosk/cache';
import type { KioskDb } from '../../../db/kiosk/schema';
import { centralFailure } from './context';

/** The catalogs' row in kiosk.db's catalog_cache. */
export const CATALOGS_CACHE_NAME = 'catalogs';

type Copy = { catalogs: Catalogs; etag: string | null };

/**
 * The question bank, image list and office config from the central, revalidated with the ETag on
 * each use so a catalog change reaches the next person. With a kiosk db the copy survives a
 * restart, so a kiosk that starts while the central is down still draws its screens.
 */
export function createCatalogSource(central: CentralClient, options: { db?: Kysely<KioskDb>; now?: () => number } = {}): () => Promise<Result<Catalogs>> {
  const { db } = options;
  const now = options.now ?? Date.now;
  let cached: Copy | null = null;
  let loaded = false;

  async function fromDisk(): Promise<Copy | null> {
    if (!db) return null;
    const row = await readCatalog(db, CATALOGS_CACHE_NAME);
    if (!row) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(row.body);
    } catch {
      return null;
    }
    const parsed = Catalogs.safeParse(raw);
    return parsed.success ? { catalogs: parsed.data, etag: row.etag } : null;
  }

  return async () => {
    if (!loaded) {
      cached = await fromDisk();
      loaded = true;
    }
    const fetched = await central.catalogs(cached?.etag ?? undefined);
    if (fetched.ok) {
      if (!fetched.value.notModified) {
        cached = { catalogs: fetched.value.catalogs, etag: fetched.value.etag };
        if (db) await writeCatalog(db, CATALOGS_CACHE_NAME, { etag: cached.etag, body: JSON.stringify(cached.catalogs), fetchedAt: now() });
      } else if (db && cached) await touchCatalog(db, CATALOGS_CACHE_NAME, now());
      if (cached) return ok(cached.catalogs);
      return centralFailure({ kind: 'unavailable' }); // 304 without a copy: a central bug
    }
    return cached ? ok(cached.catalogs) : centralFailure(fetched.failure);
  };
}
