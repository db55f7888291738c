import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';

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

/** Tries before an append gives up: each lost try means another append landed, so this bounds a storm. */
const APPEND_TRIES = 100;

/**
 * Appends one row to the hash chain. `seq` is the primary key and a row's hash covers the row
 * before it, so the chain cannot fork: an append reads the last row and inserts the next seq only
 * if nobody took it meanwhile (insert-on-conflict-do-nothing); when another writer, on this node
 * or another, took it first, it reads again and links after that one. Nothing is locked across
 * round trips: on PostgreSQL a named lock held from the read to the commit queued every flow's
 * audit behind the slowest node's event loop. Within a caller's transaction (an event applied
 * with its idempotency key) the inserted seq stays claimed until that transaction ends.
 */
export async function recordAudit(db: Kysely<CentralDatabase>, e: AuditEntry): Promise<void> {
  await appendAudit(db, e);
}

/** The same append inside a transaction the caller holds (an event applied with its idempotency key). */
export async function appendAudit(
  db: Transaction<CentralDatabase> | Kysely<CentralDatabase>,
  e: AuditEntry,
): Promise<void> {
  for (let attempt = 0; attempt < APPEND_TRIES; attempt += 1) {
    const last = await db
      .selectFrom('audit')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? GENESIS;
    const inserted = await db
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
      .onConflict((oc) => oc.column('seq').doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows !== 0n) return;
  }
  throw new Error('audit append kept losing its place');
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
