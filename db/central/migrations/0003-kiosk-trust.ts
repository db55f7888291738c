import type { Kysely } from 'kysely';
import { epochMsType } from '../../dialect';

/**
 * Kiosk identity (enrolled public keys, revocation), the request nonces that make a signed
 * request single use, and the hash-chained audit log of what each kiosk asked for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ms = epochMsType(db); // epoch milliseconds (see 0001)
  await db.schema
    .createTable('kiosk')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Ed25519 SubjectPublicKeyInfo, DER, base64url
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', ms, (c) => c.notNull())
    .addColumn('revoked_at', ms)
    .execute();
  await db.schema
    .createTable('kiosk_nonce')
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('kiosk_nonce_pk', ['kiosk_id', 'jti'])
    .execute();
  await db.schema.createIndex('kiosk_nonce_expiry').on('kiosk_nonce').column('expires_at').execute();
  await db.schema
    .createTable('audit')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', ms, (c) => c.notNull())
    .addColumn('kiosk_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('detail', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit').execute();
  await db.schema.dropTable('kiosk_nonce').execute();
  await db.schema.dropTable('kiosk').execute();
}
