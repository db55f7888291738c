import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useMigrationDb } from './testkit';

const fresh = useMigrationDb();

const columnsOf = async (k: Kysely<unknown>, table: string) =>
  (await k.introspection.getTables()).find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];

describe('migration 0006-sms-code', () => {
  it('adds the sms_code table and the SMS tries of a person, and takes them away again', async () => {
    const { db, migrator } = fresh();
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
