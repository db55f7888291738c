import type { Kysely } from 'kysely';

/**
 * Grants by the person they were issued for. A lockout voids every open grant of that person in
 * one UPDATE; without this index that UPDATE reads the whole grant table, under the lockout's row
 * lock, while every other kiosk's flow waits on grants too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('grant_subject').on('grant').columns(['subject_kind', 'subject_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('grant_subject').execute();
}
