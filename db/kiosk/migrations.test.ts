import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../open';
import { kioskMigrations } from './migrations';
import { openKioskDb } from './open';
import type { KioskDb } from './schema';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-db-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = async (db: Kysely<KioskDb>) =>
  (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(
      db,
    )
  ).rows.map((r) => r.name);

describe('kiosk migrations', () => {
  it('bring an empty file to the latest schema in WAL mode', async () => {
    const dir = tempDir();
    const { db, sqlite, close } = await openKioskDb(dir);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(await tables(db)).toEqual(['catalog_cache', 'kiosk_meta', 'outbox', 'staff', 'technician_setting']);
    await close();
  });

  it('upgrade a database left at the previous version without losing its rows', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const old = new Kysely<KioskDb>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const first = await migrate(old, kioskMigrations, '0001-meta-and-catalog-cache');
    expect(first.error).toBeUndefined();
    await old
      .insertInto('catalog_cache')
      .values({ name: 'questions', etag: '"v1"', body: '[]', fetched_at: 1 })
      .execute();
    expect(await tables(old)).toEqual(['catalog_cache', 'kiosk_meta']);
    await old.destroy();

    const { db, close } = await openKioskDb(join(file, '..'));
    expect(await tables(db)).toContain('outbox');
    const kept = await db.selectFrom('catalog_cache').selectAll().execute();
    expect(kept).toEqual([{ name: 'questions', etag: '"v1"', body: '[]', fetched_at: 1 }]);
    await close();
  });

  it('drop the audit and stats_daily tables a kiosk never wrote, keeping the outbox rows', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const old = new Kysely<KioskDb>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    expect((await migrate(old, kioskMigrations, '0002-outbox-audit-stats-staff')).error).toBeUndefined();
    expect(await tables(old)).toContain('audit');
    await sql`insert into outbox (id, idempotency_key, aggregate_id, sequence, kind, payload, next_attempt_at, status, created_at) values ('r1', 'k1', 's1', 1, 'session.event', '{}', 1, 'pending', 1)`.execute(
      old,
    );
    await old.destroy();

    const { db, close } = await openKioskDb(join(file, '..'));
    expect(await tables(db)).toEqual(['catalog_cache', 'kiosk_meta', 'outbox', 'staff', 'technician_setting']);
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([{ id: 'r1' }]);
    await close();
  });

  it('is idempotent: opening twice runs nothing new', async () => {
    const dir = tempDir();
    await (await openKioskDb(dir)).close();
    const { db, close } = await openKioskDb(dir);
    const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db);
    expect(applied.rows[0]?.n).toBe(Object.keys(kioskMigrations).length);
    await close();
  });
});
