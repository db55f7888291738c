import type { Kysely } from 'kysely';
import { dueBatch, markDead, markDelivered, markRetry, type KindScope, type OutboxRow } from '../../../db/kiosk/outbox';
import type { KioskDb } from '../../../db/kiosk/schema';
import { retryDelayMs } from './backoff';

export type DeliveryOutcome = { key: string; outcome: 'applied' | 'duplicate' | 'rejected'; error?: string };
/** ok:false = the central could not be reached or failed (network, timeout, 5xx): retry later. */
export type PushResult = { ok: true; outcomes: DeliveryOutcome[] } | { ok: false; error: string };
export type PushBatch = (rows: OutboxRow[]) => Promise<PushResult>;

export type DrainDeps = {
  db: Kysely<KioskDb>;
  push: PushBatch;
  now?: () => number;
  random?: () => number;
  batchSize?: number;
  /** the timer that retries even when nothing wakes the loop */
  intervalMs?: number;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
  /** the kinds this loop delivers (default all): the central's loop and the mail loop share the table */
  scope?: KindScope;
  /** rows just marked delivered or dead (their payloads are gone from the table) */
  onSettled?: (rows: OutboxRow[]) => void;
};

export interface DrainLoop {
  /** a new row, network back, start-up: drain now (joins a drain already running) */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
  /** resolves when the loop is idle: nothing running and nothing due was left behind */
  idle(): Promise<void>;
}

/**
 * The one drain loop of the outbox (DESIGN §4): pushes due rows in batches, marks what the
 * central applied (or had already applied) delivered, dead-letters permanent refusals, and backs
 * off on network errors. Only one drain runs at a time; a wake during a drain runs another after.
 */
export function createDrainLoop(deps: DrainDeps): DrainLoop {
  const now = deps.now ?? Date.now;
  const batchSize = deps.batchSize ?? 50;
  const log = deps.log ?? (() => {});
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function deliverPendingBatches(): Promise<void> {
    for (;;) {
      const batch = await dueBatch(deps.db, now(), batchSize, deps.scope);
      if (batch.length === 0) return;
      const result = await deps.push(batch).catch((error: unknown): PushResult => ({
        ok: false,
        error: error instanceof Error ? error.message : 'push failed',
      }));
      if (!result.ok) {
        const attempts = Math.max(...batch.map((r) => r.attempts)) + 1;
        await markRetry(
          deps.db,
          batch.map((r) => r.id),
          result.error,
          now() + retryDelayMs(attempts, deps.random),
        );
        log('outbox.retry', { rows: batch.length, attempts });
        return;
      }
      const byKey = new Map(result.outcomes.map((o) => [o.key, o]));
      const delivered: string[] = [];
      const unanswered: string[] = [];
      for (const row of batch) {
        const outcome = byKey.get(row.idempotency_key);
        if (!outcome) unanswered.push(row.id);
        else if (outcome.outcome === 'rejected')
          await markDead(deps.db, row.id, outcome.error ?? 'rejected', row.kind !== 'credentials.set');
        else delivered.push(row.id);
      }
      await markDelivered(deps.db, delivered, now());
      const settled = batch.filter((row) => !unanswered.includes(row.id));
      if (settled.length > 0) deps.onSettled?.(settled);
      if (unanswered.length > 0) {
        await markRetry(deps.db, unanswered, 'no outcome in reply', now() + retryDelayMs(1, deps.random));
        return;
      }
      log('outbox.delivered', { rows: delivered.length });
    }
  }

  function run(): Promise<void> {
    running = (async () => {
      do {
        again = false;
        await deliverPendingBatches();
      } while (again && !stopped);
    })()
      .catch((error: unknown) =>
        log('outbox.drain_failed', { error: error instanceof Error ? error.message : 'unknown' }),
      )
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    wake() {
      if (stopped) return;
      if (running) again = true;
      else void run();
    },
    start() {
      stopped = false;
      timer = setInterval(() => this.wake(), deps.intervalMs ?? 5_000);
      timer.unref();
      this.wake();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}
