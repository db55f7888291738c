import type Database from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { KioskDb } from './schema';

export type OutboxRow = Selectable<KioskDb['outbox']>;
export type NewOutboxEvent = {
  id: string;
  idempotencyKey: string;
  aggregateId: string;
  kind: string;
  payload: unknown;
  now: number;
};

/**
 * One statement reads the aggregate's last sequence and inserts the next row, so it is atomic on
 * its own and joins whatever transaction is open on the connection; a key seen before inserts
 * nothing (a retried append is one row). The unique (aggregate_id, sequence) index makes the
 * max() a single index probe.
 */
const APPEND_SQL = `insert into outbox (id, idempotency_key, aggregate_id, sequence, kind, payload, next_attempt_at, last_error, status, created_at, delivered_at)
  select ?, ?, ?, coalesce(max(sequence), 0) + 1, ?, ?, ?, null, 'pending', ?, null from outbox where aggregate_id = ?
  on conflict (idempotency_key) do nothing`;

const appendParams = (event: NewOutboxEvent) => [
  event.id,
  event.idempotencyKey,
  event.aggregateId,
  event.kind,
  JSON.stringify(event.payload),
  event.now,
  event.now,
  event.aggregateId,
];

/**
 * Appends an event in the caller's Kysely transaction, next in its aggregate's sequence, so the
 * local change and the promise to tell the central commit or vanish together (DESIGN §4).
 * Returns false when the key was already there.
 */
export async function appendOutbox(
  trx: Transaction<KioskDb> | Kysely<KioskDb>,
  event: NewOutboxEvent,
): Promise<boolean> {
  const result = await trx.executeQuery(CompiledQuery.raw(APPEND_SQL, appendParams(event)));
  return (result.numAffectedRows ?? 0n) > 0n;
}

/**
 * The same append on the raw connection through a statement prepared once: the append runs on
 * every step a person takes, and Kysely prepares each query anew. Synchronous, so it lands in the
 * transaction open on `sqlite` at the time of the call (the caller's), or commits on its own.
 */
export function createOutboxWriter(sqlite: Database.Database): (event: NewOutboxEvent) => boolean {
  const insert = sqlite.prepare(APPEND_SQL);
  return (event) => insert.run(...appendParams(event)).changes > 0;
}

/**
 * Which kinds a drain loop owns: the central's loop everything but the local kinds (a
 * notification mail goes to SMTP, not to the central), the mail loop only those.
 */
export type KindScope = { only: readonly string[] } | { except: readonly string[] };

function scoped<C extends string, Q extends { where(column: C, op: 'in' | 'not in', values: readonly string[]): Q }>(
  query: Q,
  scope: KindScope | undefined,
  column: C,
): Q {
  if (!scope) return query;
  if ('only' in scope) return query.where(column, 'in', scope.only);
  return scope.except.length > 0 ? query.where(column, 'not in', scope.except) : query;
}

/**
 * The next rows to push: for each session whose first pending row is due, its pending rows in
 * sequence order. A session whose head is waiting out a backoff holds its later rows back, so
 * the central never sees them out of order. The head test and the limit run in SQLite: the drain
 * wakes on every append, and reading a whole offline backlog into memory each time made every
 * step a person took slower as the backlog grew.
 */
export async function dueBatch(
  db: Kysely<KioskDb>,
  now: number,
  limit: number,
  scope?: KindScope,
): Promise<OutboxRow[]> {
  const query = db
    .selectFrom('outbox as o')
    .selectAll('o')
    .where('o.status', '=', 'pending')
    .where((eb) =>
      eb(
        scoped(
          eb
            .selectFrom('outbox as h')
            .select('h.next_attempt_at')
            .whereRef('h.aggregate_id', '=', 'o.aggregate_id')
            .where('h.status', '=', 'pending'),
          scope,
          'h.kind',
        )
          .orderBy('h.sequence')
          .limit(1),
        '<=',
        now,
      ),
    );
  // per-session sequence order, not id order: two ULIDs of the same millisecond are not ordered
  return scoped(query, scope, 'o.kind').orderBy('o.aggregate_id').orderBy('o.sequence').limit(limit).execute();
}

/** Delivered rows keep only what staff figures need: the payload (hashes, an address) goes. */
export async function markDelivered(db: Kysely<KioskDb>, ids: string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ status: 'delivered', delivered_at: now, payload: '{}', last_error: null })
    .where('id', 'in', ids)
    .execute();
}

export async function markRetry(
  db: Kysely<KioskDb>,
  ids: string[],
  error: string,
  nextAttemptAt: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 200),
      next_attempt_at: nextAttemptAt,
    }))
    .where('id', 'in', ids)
    .execute();
}

/**
 * A permanent refusal (4xx) goes to dead-letter, visible to staff, so it never wedges the queue.
 * A row that holds no secret (a session event's codes, a technician's audit row) keeps its payload
 * so a technician can put it back in the queue once the cause is fixed (a kiosk enrolled again); a
 * sealed clave refused for good is dropped, as nobody can send it again.
 */
export async function markDead(db: Kysely<KioskDb>, id: string, error: string, keepPayload = false): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'dead',
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 200),
      ...(keepPayload ? {} : { payload: '{}' }),
    }))
    .where('id', '=', id)
    .execute();
}

export type OutboxStatus = {
  depth: number;
  oldestPendingAt: number | null;
  lastDeliveredAt: number | null;
  deadLetters: number;
};

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
  return {
    depth: row?.depth ?? 0,
    oldestPendingAt: row?.oldest ?? null,
    lastDeliveredAt: row?.lastDelivered ?? null,
    deadLetters: row?.dead ?? 0,
  };
}

/**
 * Drops delivered rows delivered before `before`: staff see the queue's depth, its oldest pending
 * row, dead letters and the last delivery, and the central holds the events themselves. The newest
 * delivered row stays (it dates the last delivery), and so does every row of a session that still
 * has one pending (its next sequence number is read from them). Returns how many rows went.
 */
export async function pruneDelivered(db: Kysely<KioskDb>, before: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox as o')
    .where('o.status', '=', 'delivered')
    .where('o.delivered_at', '<', before)
    .where('o.id', '!=', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'delivered')
        .orderBy('delivered_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as p')
            .select('p.id')
            .where('p.status', '=', 'pending')
            .whereRef('p.aggregate_id', '=', 'o.aggregate_id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The network came back: pending rows waiting out a backoff become due now, so a kiosk that was
 * offline for a while does not sit on its backlog for minutes after the central answers again.
 */
export async function retryNow(db: Kysely<KioskDb>, now: number, scope?: KindScope): Promise<void> {
  await scoped(
    db
      .updateTable('outbox')
      .set({ next_attempt_at: now })
      .where('status', '=', 'pending')
      .where('next_attempt_at', '>', now),
    scope,
    'kind',
  ).execute();
}

export type OutboxState = Pick<OutboxRow, 'id' | 'status' | 'last_error'>;

export async function outboxRowByKey(db: Kysely<KioskDb>, idempotencyKey: string): Promise<OutboxState | null> {
  return (
    (await db
      .selectFrom('outbox')
      .select(['id', 'status', 'last_error'])
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Erases what delivered rows no longer need from the files themselves: with secure_delete on,
 * freed bytes are zeroed, and a TRUNCATE checkpoint empties the -wal, which still holds old
 * page images (an e2e test greps every file of the data dir for a person's data).
 */
export async function scrubFiles(db: Kysely<KioskDb>): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
