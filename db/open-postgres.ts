import pg from 'pg';
import { Kysely, PostgresDialect, sql, type Migration } from 'kysely';
import { migrate, SLOW_QUERY_MS, type SlowQueryLog } from './open';
import type { Store } from './store';

/**
 * Connections per node. PostgreSQL does its best with about twice its cores in active
 * connections; on the 2-core machine this project runs on, 5 per node keeps two nodes (plus a
 * LISTEN connection each) at that point, and a node's requests queue in its pool rather than in
 * the server's scheduler.
 */
export const DEFAULT_POOL_MAX = 5;

const INT8_OID = 20;

/**
 * bigint columns (epoch milliseconds, counts) come back from pg as strings; every value this
 * schema stores is far below 2^53, so they are read as numbers, as SQLite returns them.
 */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export type OpenPostgresOptions = {
  /** postgres://user@host:port/database */
  url: string;
  migrations: Record<string, Migration>;
  poolMax?: number;
  /**
   * Tables live in this schema (created when missing) instead of `public`; tests give each
   * central its own, so many run side by side in one database.
   */
  schema?: string;
  onSlowQuery?: SlowQueryLog;
  /** an idle pooled connection broke (server restart): logged, the pool opens a new one */
  onPoolError?: (error: Error) => void;
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a pool and brings the schema up to date under a session advisory lock keyed by the
 * schema, so several nodes starting at once migrate one after the other (Kysely's own migration
 * lock comes after its `create table if not exists`, which itself races between nodes).
 */
export async function openPostgres<DB>(options: OpenPostgresOptions): Promise<Store<DB>> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new Error(`invalid schema name: ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? DEFAULT_POOL_MAX,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (error) => (options.onPoolError ?? (() => undefined))(error));
  if (options.schema) await pool.query(`create schema if not exists ${options.schema}`);
  const onSlow = options.onSlowQuery;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: onSlow
      ? (event) => {
          if (event.queryDurationMillis > SLOW_QUERY_MS) onSlow(event.query.sql, event.queryDurationMillis);
        }
      : undefined,
  });

  const withStartupLock = async <T>(work: () => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(`select pg_advisory_lock(hashtextextended('iess-central-start:' || current_schema(), 0))`);
      try {
        return await work();
      } finally {
        await client.query(`select pg_advisory_unlock(hashtextextended('iess-central-start:' || current_schema(), 0))`);
      }
    } finally {
      client.release();
    }
  };

  try {
    const result = await withStartupLock(async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
      return migrate(db, options.migrations, undefined, rows[0]?.schema ?? 'public');
    });
    if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    db,
    engine: 'postgres',
    withStartupLock,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
      return Number(rows[0]?.bytes ?? 0);
    },
    close: () => db.destroy(),
  };
}
