import type { Kysely } from 'kysely';
import { epochMsType } from '../../dialect';

/**
 * The central's first schema: people, employers, staff, and the state of flows in progress.
 * Times are epoch milliseconds: `integer` on SQLite (64-bit, as first shipped), `bigint` on
 * PostgreSQL (its `integer` is 32-bit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ms = epochMsType(db);
  await db.schema
    .createTable('afiliado')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('data_updated_in_person', 'integer', (c) => c.notNull())
    .addColumn('has_password', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('security_image', 'text')
    .addColumn('mobile', 'text')
    .addColumn('landline', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', ms)
    .addColumn('credentials_updated_at', ms)
    .execute();

  await db.schema
    .createTable('challenge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('afiliado_id', 'text', (c) => c.notNull().references('afiliado.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('answer_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('challenge_by_afiliado').on('challenge').column('afiliado_id').execute();

  await db.schema
    .createTable('security_answer')
    .addColumn('afiliado_id', 'text', (c) => c.notNull().references('afiliado.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('answer_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_answer_pk', ['afiliado_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('employer')
    .addColumn('ruc', 'text', (c) => c.notNull())
    .addColumn('branch', 'text', (c) => c.notNull())
    .addColumn('legal_rep_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('has_password', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('credentials_updated_at', ms)
    .addPrimaryKeyConstraint('employer_pk', ['ruc', 'branch'])
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('challenge_set')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('afiliado_id', 'text', (c) => c.notNull().references('afiliado.id').onDelete('cascade'))
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('questions_json', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('used_at', ms)
    .execute();

  await db.schema
    .createTable('grant')
    .addColumn('grant_hash', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('consumed_at', ms)
    .addColumn('image_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', ms)
    .addColumn('code_attempts_left', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('code_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('activation')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_hash', 'text', (c) => c.notNull().references('grant.grant_hash').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('confirmed_at', ms)
    .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('activation_by_grant').on('activation').columns(['grant_hash', 'superseded']).execute();

  await db.schema
    .createTable('idempotency')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('applied_at', ms, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'idempotency',
    'activation',
    'grant',
    'challenge_set',
    'staff',
    'employer',
    'security_answer',
    'challenge',
    'afiliado',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
