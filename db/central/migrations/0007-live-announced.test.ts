import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { centralMigrations } from './index';

class Static implements MigrationProvider {
  constructor(private readonly m: Record<string, Migration>) {}
  async getMigrations() {
    return this.m;
  }
}

let db: Kysely<unknown> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

const columnsOf = async (k: Kysely<unknown>, table: string) =>
  (await k.introspection.getTables()).find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];

describe('migration 0007-live-announced', () => {
  it('adds what the live view last announced of a kiosk to its status, and takes it away again', async () => {
    db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const migrator = new Migrator({ db, provider: new Static(centralMigrations) });
    expect((await migrator.migrateTo('0007-live-announced')).error).toBeUndefined();
    expect(await columnsOf(db, 'kiosk_status')).toEqual(
      expect.arrayContaining(['last_seen', 'announced_online', 'announced_stuck']),
    );
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const after = await columnsOf(db, 'kiosk_status');
    expect(after).toContain('last_seen');
    expect(after).not.toContain('announced_online');
    expect(after).not.toContain('announced_stuck');
  });
});
