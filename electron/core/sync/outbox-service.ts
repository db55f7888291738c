import type Database from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { OutboxKind } from '../../../central/contract';
import {
  createOutboxWriter,
  outboxStatus,
  pruneDelivered,
  retryNow,
  scrubFiles,
  type OutboxRow,
  type OutboxStatus,
} from '../../../db/kiosk/outbox';
import type { KioskDb } from '../../../db/kiosk/schema';
import { createDrainLoop, type DrainDeps } from './drain';
import { ulid } from './ulid';

/** delivered: the central applied it (or had already); dead: refused for good, with its code. */

/** The kiosk's outbox as the core uses it: append, wait a little for delivery, status, scrub. */
export interface KioskOutbox {
  /**
   * Appends a row and wakes the drain; returns the key; the same key twice is one row. With `trx`
   * (a transaction open on this outbox's database) the row joins it: it commits or rolls back with
   * the caller's local change (DESIGN §4). Without, it commits on its own.
   */
  append(
    kind: OutboxKind,
    aggregateId: string,
    payload: unknown,
    idempotencyKey?: string,
    trx?: Transaction<KioskDb>,
  ): Promise<string>;
  status(): Promise<OutboxStatus>;
  /** the central answered again: rows in backoff become due, and the drain runs */
  networkReturned(): void;
  /** drops delivered rows older than the kept window (also run on a timer while started) */
  prune(): Promise<number>;
  /** zero freed bytes and empty the -wal: after a session ends, nothing personal stays on disk */
  scrub(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  idle(): Promise<void>;
}

export type KioskOutboxDeps = Omit<DrainDeps, 'scope'> & {
  /** the raw connection behind `db`: appends run on it through a statement prepared once */
  sqlite: Database.Database;
  /** how long delivered rows are kept for staff (default a day) and how often they are pruned (an hour) */
  keepDeliveredMs?: number;
  pruneEveryMs?: number;
};

export const KEEP_DELIVERED_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export function createKioskOutbox(deps: KioskOutboxDeps): KioskOutbox {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  let scrubbing: Promise<void> = Promise.resolve();
  let appending: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const writeRow = createOutboxWriter(deps.sqlite);
  const keepDeliveredMs = deps.keepDeliveredMs ?? KEEP_DELIVERED_MS;
  let pruneTimer: NodeJS.Timeout | null = null;
  const prune = async (): Promise<number> => {
    const removed = await pruneDelivered(db, now() - keepDeliveredMs);
    if (removed > 0) log('outbox.pruned', { rows: removed });
    return removed;
  };
  const pruneLogged = () =>
    void prune().catch((error: unknown) =>
      log('outbox.prune_failed', { error: error instanceof Error ? error.message : 'unknown' }),
    );
  const scrub = (): Promise<void> => {
    scrubbing = scrubbing
      .then(() => scrubFiles(db))
      .catch((error: unknown) =>
        log('outbox.scrub_failed', { error: error instanceof Error ? error.message : 'unknown' }),
      );
    return scrubbing;
  };
  // a delivered or dead row that held hashes or an address just lost them: take them off the disk too
  const scrubAfter = (rows: OutboxRow[]) => {
    if (rows.some((r) => r.kind !== 'session.event')) void scrub();
  };
  const loop = createDrainLoop({
    ...deps,
    onSettled: (rows: OutboxRow[]) => {
      scrubAfter(rows);
      deps.onSettled?.(rows);
    },
  });

  return {
    async append(kind, aggregateId, payload, idempotencyKey, trx) {
      const key = idempotencyKey ?? ulid(now());
      const write = () => {
        writeRow({ id: ulid(now()), idempotencyKey: key, aggregateId, kind, payload, now: now() });
      };
      if (trx) {
        // the caller holds the connection inside its transaction: the row is written in it
        if (!deps.sqlite.inTransaction)
          throw new Error('outbox.append: the transaction is not open on the outbox database');
        write();
      } else if (queued === 0 && !deps.sqlite.inTransaction) {
        // nothing else holds the connection: the row commits now, in call order
        write();
      } else {
        // someone's Kysely transaction is open (awaiting): writing now would join it, so wait for
        // the connection; later appends queue behind this one so a session's sequence follows the calls
        queued++;
        const written = appending.then(() => db.connection().execute(async () => write()));
        appending = written.catch(() => undefined).finally(() => queued--);
        await written;
      }
      loop.wake();
      return key;
    },
    status: () => outboxStatus(db),
    networkReturned() {
      void retryNow(db, now()).then(
        () => loop.wake(),
        () => loop.wake(),
      );
    },
    prune,
    scrub,
    start() {
      loop.start();
      pruneLogged();
      pruneTimer = setInterval(pruneLogged, deps.pruneEveryMs ?? PRUNE_EVERY_MS);
      pruneTimer.unref();
    },
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      await loop.stop();
      await scrubbing;
    },
    async idle() {
      await loop.idle();
    },
  };
}
