import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { centralMigrations } from './index';

class Static implements MigrationProvider {
  constructor(private readonly m: Record<string, Migration>) {}
  async getMigrations() {
    return this.m;
  }
}

/**
 * Test support for one migration: a fresh in-memory SQLite database and a migrator over the
 * central's migrations, so a test can stop before the migration, apply it and take it back.
 * The database is closed after each test.
 */
export function useMigrationDb(): () => { db: Kysely<unknown>; migrator: Migrator } {
  let db: Kysely<unknown> | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });
  return () => {
    db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    return { db, migrator: new Migrator({ db, provider: new Static(centralMigrations) }) };
  };
}
