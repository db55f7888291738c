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

describe('migration 0006-sms-code', () => {
  it('adds the sms_code table and the SMS tries of a person, and takes them away again', async () => {
    db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const migrator = new Migrator({ db, provider: new Static(centralMigrations) });
    expect((await migrator.migrateTo('0006-sms-code')).error).toBeUndefined();
    expect(await columnsOf(db, 'sms_code')).toEqual([
      'id',
      'grant_hash',
      'subject_id',
      'kiosk_id',
      'number_key',
      'code_mac',
      'created_at',
      'expires_at',
      'confirmed_at',
      'spent',
    ]);
    expect(await columnsOf(db, 'afiliado')).toEqual(
      expect.arrayContaining(['sms_failed_attempts', 'sms_locked_until']),
    );
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await columnsOf(db, 'sms_code')).toEqual([]);
    expect(await columnsOf(db, 'afiliado')).not.toContain('sms_failed_attempts');
    expect((await migrator.migrateTo('0006-sms-code')).error).toBeUndefined();
  });
});
