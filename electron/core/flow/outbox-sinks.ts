import type { KioskOutbox } from '../sync/outbox-service';
import type { CredentialsSink, LogFn, Schedule, SessionEventSink } from './context';
import type { DeliveryWaits } from './delivery-waits';

/** How long GENERAR waits for the central to confirm before saying "active in a few minutes". */
export const CREDENTIALS_WAIT_MS = 3_000;

/**
 * Trámite step 12 through the outbox (DESIGN §4): the clave is written to kiosk.db in one
 * transaction, the drain wakes, and the flow waits briefly for the drain to settle the row.
 * Delivered → done; still queued (the central is down or slow) → done, pending; refused for good
 * (grant expired…) → that refusal.
 */
export function outboxCredentialsSink(
  outbox: KioskOutbox,
  waits: DeliveryWaits,
  schedule: Schedule,
  waitMs = CREDENTIALS_WAIT_MS,
): CredentialsSink {
  return async (body, idempotencyKey, sessionId) => {
    await outbox.append('credentials.set', sessionId, body, idempotencyKey);
    return waits.wait(idempotencyKey, waitMs, schedule);
  };
}

/** Session milestones as outbox rows; a failed write is logged, never a reason to stop a flow. */
export function outboxSessionEvents(outbox: KioskOutbox, now: () => number, log: LogFn): SessionEventSink {
  return (sessionId, event, flow, step) => {
    outbox
      .append('session.event', sessionId, { event, flow, step, at: now() })
      .catch((error: unknown) =>
        log('outbox.append_failed', { event, error: error instanceof Error ? error.name : 'unknown' }),
      );
  };
}

export const noSessionEvents: SessionEventSink = () => {};
