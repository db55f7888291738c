import type { OutboxKind } from '../../../central/contract';
import { appendOutbox, outboxRowByKey, outboxStatus, retryNow, scrubFiles, type OutboxRow, type OutboxStatus } from '../../../db/kiosk/outbox';
import type { Mailer } from '../mail/types';
import { createDrainLoop, type DrainDeps, type DrainLoop } from './drain';
import { createMailPush, LOCAL_OUTBOX_KINDS, type LocalOutboxKind } from './mail-push';
import { ulid } from './ulid';

/** delivered: the central applied it (or had already); dead: refused for good, with its code. */
export type Delivery = { state: 'delivered' } | { state: 'pending' } | { state: 'dead'; error: string };

/** The kiosk's outbox as the core uses it: append, wait a little for delivery, status, scrub. */
export interface KioskOutbox {
  /** appends in its own transaction and wakes the drain; returns the key; the same key twice is one row */
  append(kind: OutboxKind | LocalOutboxKind, aggregateId: string, payload: unknown, idempotencyKey?: string): Promise<string>;
  /** polls the row until it is delivered or dead, or `timeoutMs` passed (then 'pending') */
  awaitDelivery(idempotencyKey: string, timeoutMs: number): Promise<Delivery>;
  status(): Promise<OutboxStatus>;
  /** the central answered again: rows in backoff become due, and the drain runs */
  networkReturned(): void;
  /** zero freed bytes and empty the -wal: after a session ends, nothing personal stays on disk */
  scrub(): Promise<void>;
  /** true when 'mail.notification' rows have a loop (a mailer) to deliver them */
  readonly deliversMail: boolean;
  start(): void;
  stop(): Promise<void>;
  idle(): Promise<void>;
}

export type KioskOutboxDeps = Omit<DrainDeps, 'scope'> & {
  pollMs?: number;
  /** when present, 'mail.notification' rows are delivered by a second loop through it */
  mailer?: Mailer;
  /** the mail loop's retry timer (default 5 s) */
  mailIntervalMs?: number;
};

const CENTRAL_SCOPE = { except: LOCAL_OUTBOX_KINDS };
const MAIL_SCOPE = { only: LOCAL_OUTBOX_KINDS };

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export function createKioskOutbox(deps: KioskOutboxDeps): KioskOutbox {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  let scrubbing: Promise<void> = Promise.resolve();
  let appending: Promise<unknown> = Promise.resolve();
  const scrub = (): Promise<void> => {
    scrubbing = scrubbing.then(() => scrubFiles(db)).catch((error: unknown) => log('outbox.scrub_failed', { error: error instanceof Error ? error.message : 'unknown' }));
    return scrubbing;
  };
  // a delivered or dead row that held hashes or an address just lost them: take them off the disk too
  const scrubAfter = (rows: OutboxRow[]) => {
    if (rows.some((r) => r.kind !== 'session.event')) void scrub();
  };
  // the second loop (issue #4): notification mails wait out an SMTP outage here, one per push
  const mailLoop: DrainLoop | null = deps.mailer
    ? createDrainLoop({
        db,
        push: createMailPush(db, deps.mailer),
        now,
        ...(deps.random ? { random: deps.random } : {}),
        batchSize: 1,
        intervalMs: deps.mailIntervalMs ?? 5_000,
        scope: MAIL_SCOPE,
        log: (event, fields) => log(event.replace(/^outbox\./, 'outbox.mail.'), fields),
        onSettled: scrubAfter,
      })
    : null;
  const wakeMail = () => {
    if (!mailLoop) return;
    void retryNow(db, now(), MAIL_SCOPE).then(
      () => mailLoop.wake(),
      () => mailLoop.wake(),
    );
  };
  const loop = createDrainLoop({
    ...deps,
    scope: CENTRAL_SCOPE,
    onSettled: (rows: OutboxRow[]) => {
      scrubAfter(rows);
      deps.onSettled?.(rows);
      // a notification waiting for its clave can go now (or be dropped, if it was refused)
      if (rows.some((r) => r.kind === 'credentials.set')) wakeMail();
    },
  });

  return {
    async append(kind, aggregateId, payload, idempotencyKey) {
      const key = idempotencyKey ?? ulid(now());
      const write = () =>
        db.transaction().execute(async (trx) => {
          const existing = await trx.selectFrom('outbox').select('id').where('idempotency_key', '=', key).executeTakeFirst();
          if (!existing) await appendOutbox(trx, { id: ulid(now()), idempotencyKey: key, aggregateId, kind, payload, now: now() });
        });
      // one append at a time, in call order: the per-session sequence must follow the order of
      // the calls, and Kysely's connection lock does not promise first-come first-served
      const appended = appending.then(write, write);
      appending = appended.catch(() => undefined);
      await appended;
      if ((LOCAL_OUTBOX_KINDS as readonly string[]).includes(kind)) mailLoop?.wake();
      else loop.wake();
      return key;
    },
    async awaitDelivery(idempotencyKey, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await outboxRowByKey(db, idempotencyKey);
        if (row?.status === 'delivered') return { state: 'delivered' };
        if (row?.status === 'dead') return { state: 'dead', error: row.last_error ?? 'rejected' };
        if (Date.now() >= deadline) return { state: 'pending' };
        await sleep(Math.min(deps.pollMs ?? 50, Math.max(1, deadline - Date.now())));
      }
    },
    status: () => outboxStatus(db),
    networkReturned() {
      void retryNow(db, now(), CENTRAL_SCOPE).then(
        () => loop.wake(),
        () => loop.wake(),
      );
    },
    scrub,
    deliversMail: mailLoop !== null,
    start() {
      loop.start();
      mailLoop?.start();
    },
    async stop() {
      await Promise.all([loop.stop(), mailLoop?.stop()]);
      await scrubbing;
    },
    async idle() {
      await Promise.all([loop.idle(), mailLoop?.idle()]);
    },
  };
}
