import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useMigrationDb } from './testkit';

const fresh = useMigrationDb();

const columnsOf = async (k: Kysely<unknown>, table: string) =>
  (await k.introspection.getTables()).find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];

describe('migration 0007-live-announced', () => {
  it('adds what the live view last announced of a kiosk to its status, and takes it away again', async () => {
    const { db, migrator } = fresh();
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
