import type { CentralClient } from '../../central/client';
import type { Catalogs } from '../../central/contract';
import { ok, type Result } from '../../contract/result';
import { centralFailure } from './context';

/**
 * The question bank and image list, fetched from the central and kept for the kiosk's life;
 * revalidated with the ETag on each use so a catalog change reaches the next person. When the
 * central cannot be reached, the last good copy serves.
 */
export function createCatalogSource(central: CentralClient): () => Promise<Result<Catalogs>> {
  let cached: { catalogs: Catalogs; etag: string | null } | null = null;
  return async () => {
    const fetched = await central.catalogs(cached?.etag ?? undefined);
    if (fetched.ok) {
      if (!fetched.value.notModified) cached = { catalogs: fetched.value.catalogs, etag: fetched.value.etag };
      if (cached) return ok(cached.catalogs);
      return centralFailure({ kind: 'unavailable' }); // 304 without a copy: a central bug
    }
    return cached ? ok(cached.catalogs) : centralFailure(fetched.failure);
  };
}
