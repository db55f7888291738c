import { join } from 'node:path';
import { openDatabase, type OpenDb, type SlowQueryLog } from '../open';
import { kioskMigrations } from './migrations';
import type { KioskDb } from './schema';

export const KIOSK_DB_FILE = 'kiosk.db';

/** secure_delete: a payload cleared after delivery is zeroed on disk, not just unlinked (DESIGN §4). */
export async function openKioskDb(dataDir: string, onSlowQuery?: SlowQueryLog): Promise<OpenDb<KioskDb>> {
  const opened = await openDatabase<KioskDb>({
    file: join(dataDir, KIOSK_DB_FILE),
    migrations: kioskMigrations,
    ...(onSlowQuery ? { onSlowQuery } : {}),
  });
  opened.sqlite.pragma('secure_delete = ON');
  return opened;
}
