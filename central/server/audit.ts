import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { lockNamed } from '../../db/dialect';

/** What the audit log records: who asked (the authenticated kiosk) for what, about whom. */
export type AuditEntry = {
  at: number;
  kioskId: string | null;
  action: string;
  subject?: string | null;
  detail?: string | null;
};

export const GENESIS = 'genesis';

/** The hash of a row covers its content and the previous row's hash. */
export function auditHash(prev: string, seq: number, e: AuditEntry): string {
  const content = JSON.stringify([seq, e.at, e.kioskId, e.action, e.subject ?? null, e.detail ?? null]);
  return createHash('sha256').update(prev).update('\n').update(content).digest('base64url');
}

/**
 * Appends one row to the hash chain. The read of the last row and the insert are one
 * transaction, and `seq` is the primary key, so two writers cannot fork the chain. On PostgreSQL
 * two nodes would both read the same last row and one insert would fail on the key: appends take
 * a named lock first, so they queue instead.
 */
export async function recordAudit(db: Kysely<CentralDatabase>, e: AuditEntry): Promise<void> {
  await db.transaction().execute((trx) => appendAudit(trx, e));
}

/** The same append inside a transaction the caller holds (an event applied with its idempotency key). */
export async function appendAudit(trx: Transaction<CentralDatabase>, e: AuditEntry): Promise<void> {
  await lockNamed(trx, 'audit-chain');
  const last = await trx.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS;
  await trx
    .insertInto('audit')
    .values({
      seq,
      at: e.at,
      kiosk_id: e.kioskId,
      action: e.action,
      subject: e.subject ?? null,
      detail: e.detail ?? null,
      prev_hash: prev,
      hash: auditHash(prev, seq, e),
    })
    .execute();
}

/** The first row whose hash or link does not hold, or null when the whole chain is intact. */
export async function brokenAuditRow(db: Kysely<CentralDatabase>): Promise<number | null> {
  const rows = await db.selectFrom('audit').selectAll().orderBy('seq').execute();
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const r of rows) {
    const entry = { at: r.at, kioskId: r.kiosk_id, action: r.action, subject: r.subject, detail: r.detail };
    if (r.seq !== expectedSeq || r.prev_hash !== prev || r.hash !== auditHash(prev, r.seq, entry)) return r.seq;
    prev = r.hash;
    expectedSeq += 1;
  }
  return null;
}
