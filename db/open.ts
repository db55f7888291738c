import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';

/** Queries slower than this are logged: on a kiosk they mean a worn disk or a missing index. */
export const SLOW_QUERY_MS = 40;

export type SlowQueryLog = (sql: string, ms: number) => void;

export type OpenOptions = {
  /** file path, or ':memory:' */
  file: string;
  migrations: Record<string, Migration>;
  onSlowQuery?: SlowQueryLog;
};

export type OpenDb<DB> = { db: Kysely<DB>; sqlite: Database.Database; close: () => Promise<void> };

/** Migrations are named `NNNN-what-changed`; they run in name order. */
class StaticMigrations implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Opens SQLite in WAL mode (a power cut loses at most the transaction in flight) and brings the
 * schema up to date before anything reads it.
 */
export async function openDatabase<DB>(options: OpenOptions): Promise<OpenDb<DB>> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new Database(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const onSlow = options.onSlowQuery;
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: onSlow
      ? (event) => {
          if (event.queryDurationMillis > SLOW_QUERY_MS) onSlow(event.query.sql, event.queryDurationMillis);
        }
      : undefined,
  });
  const result = await migrate(db, options.migrations);
  if (result.error) {
    await db.destroy();
    throw result.error instanceof Error ? result.error : new Error('migration failed');
  }
  return { db, sqlite, close: () => db.destroy() };
}

/**
 * `migrationTableSchema` (PostgreSQL): where Kysely keeps its own bookkeeping tables. Without it,
 * Kysely looks for them in every schema of the database and, finding another schema's, skips
 * creating its own.
 */
export async function migrate<DB>(
  db: Kysely<DB>,
  migrations: Record<string, Migration>,
  target?: string,
  migrationTableSchema?: string,
) {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrations(migrations),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  return target ? migrator.migrateTo(target) : migrator.migrateToLatest();
}
