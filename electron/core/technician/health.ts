import { readdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Sizes a technician needs to see before the disk fills: free space, the database, the logs. */
export type DiskFigures = { freeBytes: number | null; totalBytes: number | null };

export function diskOf(dir: string): DiskFigures {
  try {
    const s = statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return { freeBytes: null, totalBytes: null };
  }
}

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** kiosk.db with its write-ahead log and shared memory. */
export function databaseBytes(dataDir: string): number {
  return ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm'].reduce((sum, name) => sum + sizeOf(join(dataDir, name)), 0);
}

/** The log files, oldest first (kiosk.1.log, kiosk.2.log…: pino-roll numbers them upward). */
export function logFiles(logDir: string): string[] {
  try {
    return readdirSync(logDir)
      .filter((name) => name.endsWith('.log'))
      .sort((a, b) => Number(/\.(\d+)\.log$/.exec(a)?.[1] ?? 0) - Number(/\.(\d+)\.log$/.exec(b)?.[1] ?? 0))
      .map((name) => join(logDir, name));
  } catch {
    return [];
  }
}

export function logBytes(logDir: string): number {
  return logFiles(logDir).reduce((sum, file) => sum + sizeOf(file), 0);
}
