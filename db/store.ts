import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from './dialect';
import { openDatabase, type SlowQueryLog } from './open';

/**
 * A database behind one interface, whichever engine holds it: the Kysely handle the code
 * queries, and what operations need around it (a lock for start-up work several nodes may do at
 * once, reachability for the health endpoint, size for the load report).
 */
export type Store<DB> = {
  db: Kysely<DB>;
  engine: Engine;
  /**
   * Runs start-up work (migrations, a seed import) while no other node does the same on this
   * database. PostgreSQL: a session advisory lock; SQLite: one process owns the file anyway.
   */
  withStartupLock<T>(work: () => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
};

/** SQLite (a file, or ':memory:') as a Store; migrated on open as openDatabase always did. */
export async function openSqliteStore<DB>(options: {
  file: string;
  migrations: Record<string, Migration>;
  onSlowQuery?: SlowQueryLog;
}): Promise<Store<DB>> {
  const opened = await openDatabase<DB>(options);
  const { db } = opened;
  return {
    db,
    engine: 'sqlite',
    withStartupLock: (work) => work(),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      const { rows } = await sql<{
        bytes: number;
      }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(db);
      return Number(rows[0]?.bytes ?? 0);
    },
    close: opened.close,
  };
}
