import { CentralErrorCode } from '../../../central/contract';
import type { KioskOutbox } from '../sync/outbox-service';
import { MAIL_NOTIFICATION, type MailNotificationPayload } from '../sync/mail-push';
import type { CredentialsSink, LogFn, NotificationSink, SessionEventSink } from './context';

/** How long GENERAR waits for the central to confirm before saying "active in a few minutes". */
export const CREDENTIALS_WAIT_MS = 3_000;

/**
 * Trámite step 12 through the outbox (DESIGN §4): the clave is written to kiosk.db in one
 * transaction, the drain wakes, and the flow waits briefly. Delivered → done; still queued (the
 * central is down or slow) → done, pending; refused for good (grant expired…) → that refusal.
 */
export function outboxCredentialsSink(outbox: KioskOutbox, waitMs = CREDENTIALS_WAIT_MS): CredentialsSink {
  return async (body, idempotencyKey, sessionId) => {
    await outbox.append('credentials.set', sessionId, body, idempotencyKey);
    const delivery = await outbox.awaitDelivery(idempotencyKey, waitMs);
    if (delivery.state === 'delivered') return { ok: true, value: { pending: false } };
    if (delivery.state === 'pending') return { ok: true, value: { pending: true } };
    const code = CentralErrorCode.safeParse(delivery.error);
    return { ok: false, failure: { kind: 'rejected', status: 422, error: code.success ? code.data : 'internal' } };
  };
}

/** Session milestones as outbox rows; a failed write is logged, never a reason to stop a flow. */
export function outboxSessionEvents(outbox: KioskOutbox, now: () => number, log: LogFn): SessionEventSink {
  return (sessionId, event, flow, step) => {
    outbox.append('session.event', sessionId, { event, flow, step, at: now() }).catch((error: unknown) =>
      log('outbox.append_failed', { event, error: error instanceof Error ? error.name : 'unknown' }),
    );
  };
}

/**
 * The notification as a local outbox row, under its own aggregate: it must not take a place in
 * the session's sequence, which the central checks.
 */
export function outboxNotifications(outbox: KioskOutbox): NotificationSink {
  return async (mail, afterKey, sessionId) => {
    const payload: MailNotificationPayload = { ...mail, afterKey };
    await outbox.append(MAIL_NOTIFICATION, `mail-${sessionId}`, payload);
  };
}

export const noSessionEvents: SessionEventSink = () => {};
