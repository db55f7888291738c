import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { KioskDb } from './schema';

export type OutboxRow = Selectable<KioskDb['outbox']>;
export type NewOutboxEvent = { id: string; idempotencyKey: string; aggregateId: string; kind: string; payload: unknown; now: number };

/**
 * Appends an event in the caller's transaction, next in its aggregate's sequence, so the local
 * change and the promise to tell the central commit or vanish together (DESIGN §4).
 */
export async function appendOutbox(trx: Transaction<KioskDb> | Kysely<KioskDb>, event: NewOutboxEvent): Promise<number> {
  const last = await trx
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('sequence').as('max'))
    .where('aggregate_id', '=', event.aggregateId)
    .executeTakeFirst();
  const sequence = (last?.max ?? 0) + 1;
  await trx
    .insertInto('outbox')
    .values({
      id: event.id,
      idempotency_key: event.idempotencyKey,
      aggregate_id: event.aggregateId,
      sequence,
      kind: event.kind,
      payload: JSON.stringify(event.payload),
      next_attempt_at: event.now,
      last_error: null,
      status: 'pending',
      created_at: event.now,
      delivered_at: null,
    })
    .execute();
  return sequence;
}

/**
 * Which kinds a drain loop owns: the central's loop everything but the local kinds (a
 * notification mail goes to SMTP, not to the central), the mail loop only those.
 */
export type KindScope = { only: readonly string[] } | { except: readonly string[] };

function scoped<Q extends { where(column: 'kind', op: 'in' | 'not in', values: readonly string[]): Q }>(query: Q, scope: KindScope | undefined): Q {
  if (!scope) return query;
  if ('only' in scope) return query.where('kind', 'in', scope.only);
  return scope.except.length > 0 ? query.where('kind', 'not in', scope.except) : query;
}

/**
 * The next rows to push: for each session whose first pending row is due, its pending rows in
 * sequence order. A session whose head is waiting out a backoff holds its later rows back, so
 * the central never sees them out of order.
 */
export async function dueBatch(db: Kysely<KioskDb>, now: number, limit: number, scope?: KindScope): Promise<OutboxRow[]> {
  const pending = await scoped(db.selectFrom('outbox').selectAll().where('status', '=', 'pending'), scope).orderBy('aggregate_id').orderBy('sequence').execute();
  const batch: OutboxRow[] = [];
  let current = '';
  let headDue = false;
  for (const row of pending) {
    if (row.aggregate_id !== current) {
      current = row.aggregate_id;
      headDue = row.next_attempt_at <= now;
    }
    if (headDue) batch.push(row);
    if (batch.length >= limit) break;
  }
  // per-session sequence order, not id order: two ULIDs of the same millisecond are not ordered
  return batch;
}

/** Delivered rows keep only what staff figures need: the payload (hashes, an address) goes. */
export async function markDelivered(db: Kysely<KioskDb>, ids: string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ status: 'delivered', delivered_at: now, payload: '{}', last_error: null }).where('id', 'in', ids).execute();
}

export async function markRetry(db: Kysely<KioskDb>, ids: string[], error: string, nextAttemptAt: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 200), next_attempt_at: nextAttemptAt }))
    .where('id', 'in', ids)
    .execute();
}

/** A permanent refusal (4xx) goes to dead-letter, visible to staff, so it never wedges the queue. */
export async function markDead(db: Kysely<KioskDb>, id: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'dead', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 200), payload: '{}' }))
    .where('id', '=', id)
    .execute();
}

export type OutboxStatus = { depth: number; oldestPendingAt: number | null; lastDeliveredAt: number | null; deadLetters: number };

export async function outboxStatus(db: Kysely<KioskDb>): Promise<OutboxStatus> {
  const row = await db
    .selectFrom('outbox')
    .select([
      sql<number>`sum(case when status = 'pending' then 1 else 0 end)`.as('depth'),
      sql<number | null>`min(case when status = 'pending' then created_at end)`.as('oldest'),
      sql<number | null>`max(delivered_at)`.as('lastDelivered'),
      sql<number>`sum(case when status = 'dead' then 1 else 0 end)`.as('dead'),
    ])
    .executeTakeFirst();
  return { depth: row?.depth ?? 0, oldestPendingAt: row?.oldest ?? null, lastDeliveredAt: row?.lastDelivered ?? null, deadLetters: row?.dead ?? 0 };
}

/** Delivered rows older than `before` are dropped; their figures live in stats_daily by then. */
export async function pruneDelivered(db: Kysely<KioskDb>, before: number): Promise<void> {
  await db.deleteFrom('outbox').where('status', '=', 'delivered').where('delivered_at', '<', before).execute();
}

/**
 * The network came back: pending rows waiting out a backoff become due now, so a kiosk that was
 * offline for a while does not sit on its backlog for minutes after the central answers again.
 */
export async function retryNow(db: Kysely<KioskDb>, now: number, scope?: KindScope): Promise<void> {
  await scoped(db.updateTable('outbox').set({ next_attempt_at: now }).where('status', '=', 'pending').where('next_attempt_at', '>', now), scope).execute();
}

export type OutboxState = Pick<OutboxRow, 'id' | 'status' | 'last_error'>;

export async function outboxRowByKey(db: Kysely<KioskDb>, idempotencyKey: string): Promise<OutboxState | null> {
  return (await db.selectFrom('outbox').select(['id', 'status', 'last_error']).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()) ?? null;
}

/**
 * Erases what delivered rows no longer need from the files themselves: with secure_delete on,
 * freed bytes are zeroed, and a TRUNCATE checkpoint empties the -wal, which still holds old
 * page images (an e2e test greps every file of the data dir for a person's data).
 */
export async function scrubFiles(db: Kysely<KioskDb>): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
