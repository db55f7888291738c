import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useMigrationDb } from './testkit';

const fresh = useMigrationDb();

const planOf = async (k: Kysely<unknown>) =>
  (
    await sql<{ detail: string }>`EXPLAIN QUERY PLAN UPDATE "grant" SET expires_at = 0
      WHERE subject_kind = 'afiliado' AND subject_id = '1710034065'`.execute(k)
  ).rows
    .map((r) => r.detail)
    .join(' | ');

describe('migration 0008-grant-subject', () => {
  it("voiding a person's grants reads them by index, not the whole table; down takes the index away", async () => {
    const { db, migrator } = fresh();
    expect((await migrator.migrateTo('0007-live-announced')).error).toBeUndefined();
    expect(await planOf(db)).toMatch(/SCAN/);
    expect((await migrator.migrateTo('0008-grant-subject')).error).toBeUndefined();
    expect(await planOf(db)).toMatch(/USING INDEX grant_subject/);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await planOf(db)).toMatch(/SCAN/);
  });
});
