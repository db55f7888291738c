import { join } from 'node:path';
import { openDatabase, type OpenDb, type SlowQueryLog } from '../open';
import { kioskMigrations } from './migrations';
import type { KioskDb } from './schema';

export const KIOSK_DB_FILE = 'kiosk.db';

export function openKioskDb(dataDir: string, onSlowQuery?: SlowQueryLog): Promise<OpenDb<KioskDb>> {
  return openDatabase<KioskDb>({ file: join(dataDir, KIOSK_DB_FILE), migrations: kioskMigrations, ...(onSlowQuery ? { onSlowQuery } : {}) });
}
