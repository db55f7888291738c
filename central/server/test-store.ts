import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openCentralStore, type CentralStore } from '../../db/central/open';

/**
 * Test support: where the central's suite keeps its data. `CENTRAL_TEST_ENGINE=postgres` runs the
 * whole suite on PostgreSQL (`npm test` does, in its own stage); anything else runs it on SQLite in
 * memory. Tests that need PostgreSQL whatever the engine (races between nodes, the schema
 * comparison) use `PG_TEST_URL` and are skipped, saying why, when it is unset.
 */
export const PG_TEST_URL: string | undefined = process.env.CENTRAL_TEST_DATABASE_URL || undefined;
export const TEST_ENGINE: 'sqlite' | 'postgres' =
  process.env.CENTRAL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The title suffix of a suite skipped for want of PostgreSQL, so the skip says why. */
export const NEEDS_PG = PG_TEST_URL ? '' : ' (skipped: CENTRAL_TEST_DATABASE_URL is unset)';

export function requirePgUrl(): string {
  if (!PG_TEST_URL) throw new Error('CENTRAL_TEST_DATABASE_URL is unset (CENTRAL_TEST_ENGINE=postgres needs it)');
  return PG_TEST_URL;
}

/** A schema of its own per store, so tests run side by side in one database. */
export function freshSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** A fresh, migrated, empty central database on the suite's engine; close() deletes it. */
export async function openTestStore(engine: 'sqlite' | 'postgres' = TEST_ENGINE): Promise<CentralStore> {
  if (engine === 'sqlite') return openCentralStore({ file: ':memory:' });
  const schema = freshSchemaName();
  const store = await openCentralStore({ databaseUrl: requirePgUrl(), schema, poolMax: 3 });
  return {
    ...store,
    async close() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}
