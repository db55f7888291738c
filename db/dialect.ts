import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';

/**
 * The two engines the central runs on: SQLite embedded (one process, the default) and
 * PostgreSQL (several central nodes). Queries are written once with Kysely; the few places where
 * the engines differ in what a statement means, not in its spelling, ask here.
 */
export type Engine = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter is read
type AnyKysely = Kysely<any>;

export function engineOf(db: AnyKysely): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Column type of an epoch-milliseconds time. SQLite's INTEGER is 64-bit; PostgreSQL's `integer`
 * is 32-bit and overflows in 1970 + 24 days, so there it is `bigint` (read back as a number by
 * the pool's type parser, see db/central/open-postgres.ts).
 */
export function epochMsType(db: AnyKysely): 'integer' | 'bigint' {
  return engineOf(db) === 'postgres' ? 'bigint' : 'integer';
}

/**
 * A select whose rows the transaction will write from what it read (read, decide, update).
 * PostgreSQL at READ COMMITTED lets two nodes read the same row and both write: FOR UPDATE makes
 * the second wait for the first's commit and read its result. SQLite has no FOR UPDATE and needs
 * none: one connection, and a write transaction holds the whole database.
 */
export function lockedForUpdate<QB extends { forUpdate(): QB }>(db: AnyKysely, query: QB): QB {
  return engineOf(db) === 'postgres' ? query.forUpdate() : query;
}

/**
 * Serialises every transaction that takes the same named lock until it commits or rolls back,
 * where no existing row can be locked (creating a shared object at start). Held across client
 * round trips, such a lock queues every node behind the slowest: keep it off hot paths. A no-op
 * on SQLite, where write transactions are already serial.
 */
export async function lockNamed(trx: Transaction<unknown> | AnyKysely, name: string): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}
