import type { Kysely } from 'kysely';
import type { CentralClient } from '../../../central/client';
import { Catalogs } from '../../../central/contract';
import { ok, type Result } from '../../contract/result';
import { readCatalog, touchCatalog, writeCatalog } from '../../../db/kiosk/cache';
import type { KioskDb } from '../../../db/kiosk/schema';
import { centralFailure } from './context';

/** The catalogs' row in kiosk.db's catalog_cache. */
export const CATALOGS_CACHE_NAME = 'catalogs';

type Copy = { catalogs: Catalogs; etag: string | null };

/** Revalidates with the central (ETag) and answers the freshest copy there is. */
export type CatalogSource = (() => Promise<Result<Catalogs>>) & {
  /** when the central last confirmed the copy (200 or 304), or null when it never did */
  fetchedAt(): Promise<number | null>;
};

export type CatalogSourceOptions = {
  db?: Kysely<KioskDb>;
  now?: () => number;
  /** a new body arrived (not a 304): e.g. mirror its staff into kiosk.db's staff table */
  onFresh?: (catalogs: Catalogs) => Promise<void>;
};

/**
 * The question bank, image list, office config and staff PIN hashes from the central,
 * revalidated with the ETag on each use so a catalog change reaches the next person. With a
 * kiosk db the copy survives a restart, so a kiosk that starts while the central is down still
 * draws its screens and staff can still unlock it.
 */
export function createCatalogSource(central: CentralClient, options: CatalogSourceOptions = {}): CatalogSource {
  const { db } = options;
  const now = options.now ?? Date.now;
  let cached: Copy | null = null;
  let confirmedAt: number | null = null;
  let loading: Promise<void> | null = null;

  async function fromDisk(): Promise<void> {
    if (!db) return;
    const row = await readCatalog(db, CATALOGS_CACHE_NAME);
    if (!row) return;
    let raw: unknown;
    try {
      raw = JSON.parse(row.body);
    } catch {
      return;
    }
    const parsed = Catalogs.safeParse(raw);
    if (!parsed.success) return;
    cached = { catalogs: parsed.data, etag: row.etag };
    confirmedAt = row.fetchedAt;
  }
  const loaded = (): Promise<void> => (loading ??= fromDisk());

  async function revalidate(): Promise<Result<Catalogs>> {
    await loaded();
    const fetched = await central.catalogs(cached?.etag ?? undefined);
    if (fetched.ok) {
      confirmedAt = now();
      if (!fetched.value.notModified) {
        cached = { catalogs: fetched.value.catalogs, etag: fetched.value.etag };
        if (db)
          await writeCatalog(db, CATALOGS_CACHE_NAME, {
            etag: cached.etag,
            body: JSON.stringify(cached.catalogs),
            fetchedAt: confirmedAt,
          });
        await options.onFresh?.(cached.catalogs);
      } else if (db && cached) await touchCatalog(db, CATALOGS_CACHE_NAME, confirmedAt);
      if (cached) return ok(cached.catalogs);
      return centralFailure({ kind: 'unavailable' }); // 304 without a copy: a central bug
    }
    return cached ? ok(cached.catalogs) : centralFailure(fetched.failure);
  }

  return Object.assign(revalidate, {
    async fetchedAt() {
      await loaded();
      return confirmedAt;
    },
  });
}
