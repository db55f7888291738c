import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { CentralDatabase } from '../../db/central/schema';
import { lockNamed } from '../../db/dialect';
import { LiveTile } from '../../domain/fleet';
import { REPLAY_CHANGES, type LiveBus, type LiveChange } from './live-bus';
import { createPgNotifier } from './notify-pg';

const LiveChangeMessage = z.object({ id: z.number().int().positive(), tile: LiveTile }).strict();

/** Sequence (in the store's schema) that numbers every node's changes in one series. */
const SEQUENCE = 'live_change_id';

export type PgLiveBus = LiveBus & { close(): Promise<void> };

export type PgLiveBusOptions = {
  db: Kysely<CentralDatabase>;
  url: string;
  /** the NOTIFY channel every node of one central shares */
  channel: string;
  onError?: (error: Error) => void;
};

/**
 * The live view's fan-out across central nodes on one PostgreSQL: a node publishes with NOTIFY,
 * every node (itself included) hears it on LISTEN and feeds its own streams. An event id is a
 * number from one database sequence, drawn in the same transaction as the NOTIFY under a named
 * lock, so ids rise in the order every node hears them: a screen that reconnects to another node
 * with Last-Event-ID resumes there, since each node holds the same recent changes under the same
 * ids. A node that lost its LISTEN connection missed what was said meanwhile: it raises its floor
 * to the sequence's value, so a resume from before the gap gets a fresh snapshot instead.
 */
export async function createPgLiveBus(options: PgLiveBusOptions): Promise<PgLiveBus> {
  const { db, channel } = options;
  const onError = options.onError ?? (() => undefined);
  // nodes starting together: one creates, the others find it
  await db.transaction().execute(async (trx) => {
    await lockNamed(trx, `live-sequence:${channel}`);
    await sql`create sequence if not exists ${sql.id(SEQUENCE)}`.execute(trx);
  });
  const current = async (): Promise<number> => {
    const { rows } = await sql<{ v: string | number }>`
      select case when is_called then last_value else 0 end as v from ${sql.id(SEQUENCE)}`.execute(db);
    return Number(rows[0]?.v ?? 0);
  };

  const listeners = new Set<(change: LiveChange) => void>();
  const recent: LiveChange[] = [];
  // every change with an id above `floor` that was published is held (or was evicted past it)
  let floor = 0;
  let lastId = 0;
  const pending = new Set<Promise<unknown>>();

  const notifier = await createPgNotifier({
    url: options.url,
    channel,
    parse: (raw) => LiveChangeMessage.parse(raw),
    onError,
  });
  notifier.subscribe((change) => {
    if (change.id <= lastId) return; // heard twice, or older than a floor raised meanwhile
    lastId = change.id;
    recent.push(change);
    if (recent.length > REPLAY_CHANGES) floor = recent.shift()!.id;
    for (const listener of [...listeners]) listener(change);
  });
  const raiseFloor = async () => {
    const value = await current();
    floor = Math.max(floor, value);
    lastId = Math.max(lastId, value);
  };
  // LISTEN is established before the floor is read: nothing after the floor can be missed
  await raiseFloor();
  let first = true;
  notifier.onListening(() => {
    if (first) return;
    void raiseFloor().catch(onError);
  });
  first = false;

  return {
    publish(tile) {
      const payload = JSON.stringify(tile);
      const sent = db
        .transaction()
        .execute(async (trx) => {
          // the lock is held until commit, and NOTIFY is queued at commit: ids reach every node in order
          await lockNamed(trx, `live-publish:${channel}`);
          await sql`select pg_notify(${channel}, json_build_object('id', nextval(${SEQUENCE}::regclass), 'tile', ${payload}::json)::text)`.execute(
            trx,
          );
        })
        .catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(id) {
      if (id > lastId || id < floor) return null;
      return recent.filter((c) => c.id > id);
    },
    lastId: () => lastId,
    subscriberCount: () => listeners.size,
    async close() {
      await Promise.all([...pending]);
      await notifier.close();
    },
  };
}
