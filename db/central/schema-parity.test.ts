import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrate } from '../open';
import { centralMigrations } from './migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS_PG, openTestStore } from '../../central/server/test-store';
import type { CentralStore } from './open';
import type { CentralDatabase } from './schema';
import { PG_TEST_URL } from '../../central/server/test-store';

/** A column as both engines can state it: the type reduced to what the code may rely on. */
type Column = { table: string; column: string; type: 'integer' | 'text' | 'real'; notNull: boolean; key: boolean };

/**
 * integer/bigint are one family: SQLite's INTEGER is 64-bit; PostgreSQL needs bigint for epoch
 * milliseconds (db/dialect.ts). Anything else unexpected fails the comparison by name.
 */
function normalType(raw: string): Column['type'] {
  const t = raw.toLowerCase();
  if (['integer', 'int', 'int4', 'int8', 'bigint'].includes(t)) return 'integer';
  if (['text', 'varchar', 'character varying'].includes(t)) return 'text';
  if (['real', 'double precision', 'float8'].includes(t)) return 'real';
  throw new Error(`column type outside the portable set: ${raw}`);
}

async function sqliteColumns(db: Kysely<CentralDatabase>): Promise<Column[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; notnull: number; pk: number }>`
    select m.name as "table", p.name as "column", p.type as type, p."notnull" as "notnull", p.pk as pk
    from sqlite_master m join pragma_table_info(m.name) p
    where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(db);
  // a SQLite primary key may hold NULL unless declared NOT NULL; no code writes one, so a key
  // column counts as not null, as PostgreSQL makes it
  return rows.map((r) => ({
    table: r.table,
    column: r.column,
    type: normalType(r.type),
    notNull: r.notnull === 1 || r.pk > 0,
    key: r.pk > 0,
  }));
}

async function postgresColumns(db: Kysely<CentralDatabase>): Promise<Column[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; nullable: string; key: boolean }>`
    select c.table_name as "table", c.column_name as "column", c.data_type as type, c.is_nullable as nullable,
      exists (
        select 1 from information_schema.table_constraints t
        join information_schema.key_column_usage k
          on k.constraint_name = t.constraint_name and k.table_schema = t.table_schema and k.table_name = t.table_name
        where t.constraint_type = 'PRIMARY KEY' and t.table_schema = c.table_schema
          and t.table_name = c.table_name and k.column_name = c.column_name
      ) as key
    from information_schema.columns c
    where c.table_schema = current_schema() and c.table_name not like 'kysely_%'`.execute(db);
  return rows.map((r) => ({
    table: r.table,
    column: r.column,
    type: normalType(r.type),
    notNull: r.nullable === 'NO',
    key: r.key,
  }));
}

const sorted = (columns: Column[]) =>
  [...columns].sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));

async function indexNames(store: CentralStore): Promise<string[]> {
  const query =
    store.engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%'`
      : // indexes a constraint made (primary keys, unique) are SQLite's sqlite_autoindex_*: left out on both sides
        sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() and indexname not like 'kysely_%'
            and indexname not in (select conname from pg_constraint where connamespace = current_schema()::regnamespace)`;
  return (await query.execute(store.db)).rows.map((r) => r.name).sort();
}

describe(`the central's migrations give both engines the same schema${NEEDS_PG}`, () => {
  let sqlite: CentralStore;
  let postgres: CentralStore;
  beforeAll(async () => {
    if (!PG_TEST_URL) return;
    sqlite = await openTestStore('sqlite');
    postgres = await openTestStore('postgres');
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  it.skipIf(!PG_TEST_URL)('same tables, columns, portable types, nullability and primary keys', async () => {
    const fromSqlite = sorted(await sqliteColumns(sqlite.db));
    const fromPostgres = sorted(await postgresColumns(postgres.db));
    expect(fromSqlite.length).toBeGreaterThan(60);
    expect(fromPostgres).toEqual(fromSqlite);
  });

  it.skipIf(!PG_TEST_URL)('the same named indexes', async () => {
    const names = await indexNames(sqlite);
    expect(names).toEqual(
      expect.arrayContaining(['activation_by_grant', 'challenge_by_afiliado', 'kiosk_nonce_expiry']),
    );
    expect(await indexNames(postgres)).toEqual(names);
  });

  it.skipIf(!PG_TEST_URL)(
    'every time column (…_at, …_until) is bigint on PostgreSQL, where integer is 32-bit',
    async () => {
      const { rows } = await sql<{ column: string; type: string }>`
      select table_name || '.' || column_name as "column", data_type as type from information_schema.columns
      where table_schema = current_schema() and (column_name like '%\_at' or column_name like '%\_until')`.execute(
        postgres.db,
      );
      expect(rows.length).toBeGreaterThan(15);
      expect(rows.filter((r) => r.type !== 'bigint')).toEqual([]);
    },
  );

  it.skipIf(!PG_TEST_URL)(
    'epoch-millisecond columns hold a 2025 time on PostgreSQL and read back as numbers',
    async () => {
      const at = Date.UTC(2025, 7, 31, 23, 59, 59);
      await postgres.db
        .insertInto('kiosk')
        .values({ id: 'K-TIME', public_key: 'k', enrolled_at: at, revoked_at: null })
        .execute();
      const row = await postgres.db
        .selectFrom('kiosk')
        .select('enrolled_at')
        .where('id', '=', 'K-TIME')
        .executeTakeFirstOrThrow();
      expect(row.enrolled_at).toBe(at);
    },
  );
});

describe('the SQLite schema of 0001–0003 is the one first shipped', () => {
  it('fresh SQLite tables and indexes are, statement for statement, those of the schema before PostgreSQL', async () => {
    // the file is sqlite_master as the migrations wrote it before they learnt about PostgreSQL:
    // a central.db made then and one made now are the same database
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, 'sqlite-schema-0003.json'), 'utf8')) as unknown;
    const db = new Kysely<CentralDatabase>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const result = await migrate(db, centralMigrations, '0003-kiosk-trust');
    expect(result.error).toBeUndefined();
    const { rows } = await sql<{ type: string; name: string; sql: string }>`
      select type, name, sql from sqlite_master
      where name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db);
    expect(rows).toEqual(shipped);
    await db.destroy();
  });
});
