import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { CentralDatabase } from '../../db/central/schema';
import { lockNamed } from '../../db/dialect';
import { LiveTile } from '../../domain/fleet';
import { changesAfter, REPLAY_CHANGES, type LiveBus, type LiveChange } from './live-bus';
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
 * The statement that publishes one change: an id from the sequence and the NOTIFY, in one
 * statement (its own transaction when run alone). No lock: two nodes publishing at once may
 * commit in the other order than they drew their ids, which is why the order of the live view is
 * the order heard, not the order of the ids (see createPgLiveBus).
 */
export function publishStatement(channel: string, tile: LiveTile) {
  return sql`select pg_notify(${channel}, json_build_object('id', nextval(${SEQUENCE}::regclass), 'tile', ${JSON.stringify(tile)}::json)::text)`;
}

/**
 * The live view's fan-out across central nodes on one PostgreSQL: a node publishes with NOTIFY,
 * every node (itself included) hears it on LISTEN and feeds its own streams.
 *
 * Order: PostgreSQL appends a transaction's notifications to its one queue as the transaction
 * commits, and every listener reads that queue from where it started, skipping what rolled back.
 * So every node hears the same changes in the same order: the order of commits. The ids, drawn
 * from one sequence without a lock, need not follow it (A draws 5, B draws 6, B commits first:
 * every node hears 6, then 5). A node therefore keeps its recent changes in the order heard, and
 * a screen that resumes with Last-Event-ID gets what was heard after that change, wherever it
 * falls in id order; a change with a smaller id heard later is not lost. No publish waits for
 * another: nothing serialises the nodes but PostgreSQL's own short queue lock at commit.
 *
 * A node that lost its LISTEN connection missed what was said meanwhile: it forgets what it
 * held, so a resume from before the gap gets a fresh snapshot instead, and tells its open
 * streams (onGap) to send one.
 */
export async function createPgLiveBus(options: PgLiveBusOptions): Promise<PgLiveBus> {
  const { db, channel } = options;
  const onError = options.onError ?? (() => undefined);
  // nodes starting together: one creates, the others find it
  await db.transaction().execute(async (trx) => {
    await lockNamed(trx, `live-sequence:${channel}`);
    await sql`create sequence if not exists ${sql.id(SEQUENCE)}`.execute(trx);
  });

  const listeners = new Set<(change: LiveChange) => void>();
  const gapListeners = new Set<() => void>();
  // the changes heard since LISTEN was last (re)established, oldest first, in the order heard
  let recent: LiveChange[] = [];
  let lastId = 0;
  let heard = 0;
  const pending = new Set<Promise<unknown>>();

  const notifier = await createPgNotifier({
    url: options.url,
    channel,
    parse: (raw) => LiveChangeMessage.parse(raw),
    onError,
  });
  notifier.subscribe((change) => {
    lastId = change.id;
    heard += 1;
    recent.push(change);
    if (recent.length > REPLAY_CHANGES) recent.shift();
    for (const listener of [...listeners]) listener(change);
  });
  let first = true;
  notifier.onListening(() => {
    if (first) return;
    // what was said while this node was not listening is not held: resumes get a snapshot, and
    // so does every stream already open (a help request raised in the gap must not stay unseen)
    recent = [];
    lastId = 0;
    for (const gap of [...gapListeners]) gap();
  });
  first = false;

  return {
    publish(tile) {
      const sent = publishStatement(channel, tile)
        .execute(db)
        .catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    subscribe(listener, onGap) {
      listeners.add(listener);
      if (onGap) gapListeners.add(onGap);
      return () => {
        listeners.delete(listener);
        if (onGap) gapListeners.delete(onGap);
      };
    },
    since: (id) => changesAfter(recent, id, lastId),
    lastId: () => lastId,
    heardCount: () => heard,
    subscriberCount: () => listeners.size,
    async close() {
      await Promise.all([...pending]);
      await notifier.close();
    },
  };
}
