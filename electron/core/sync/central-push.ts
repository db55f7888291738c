import type { CentralClient } from '../../../central/client';
import type { OutboxRow } from '../../../db/kiosk/outbox';
import type { DeliveryOutcome, PushBatch } from './drain';
import { ulid } from './ulid';

/** A batch is small and the central answers it in one transaction per event: 10 s is generous. */
export const PUSH_TIMEOUT_MS = 10_000;

/** The wire envelope of one outbox row (central/contract.ts EventEnvelope). */
function envelopeOf(row: OutboxRow): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = null; // the central refuses it alone as invalid_request and the row is dead-lettered
  }
  return { key: row.idempotency_key, aggregateId: row.aggregate_id, sequence: row.sequence, kind: row.kind, payload };
}

/**
 * Pushes outbox rows to the central's POST /events. Network errors, timeouts and 5xx are
 * `ok:false` (the drain backs off and retries); a 4xx for the whole batch means the central will
 * never take it as sent, so every row is rejected; otherwise the central's answer per event.
 */
export function createCentralPush(
  central: CentralClient,
  options: { timeoutMs?: number; onReachable?: () => void } = {},
): PushBatch {
  return async (rows) => {
    const result = await central.call(
      'events',
      { events: rows.map(envelopeOf) },
      { idempotencyKey: ulid(), timeoutMs: options.timeoutMs ?? PUSH_TIMEOUT_MS },
    );
    if (!result.ok) {
      const failure = result.failure;
      if (failure.kind !== 'rejected') return { ok: false, error: failure.kind };
      return {
        ok: true,
        outcomes: rows.map((row): DeliveryOutcome => ({
          key: row.idempotency_key,
          outcome: 'rejected',
          error: failure.error,
        })),
      };
    }
    options.onReachable?.();
    return {
      ok: true,
      outcomes: result.value.results.map((r) =>
        r.error ? { key: r.key, outcome: r.outcome, error: r.error } : { key: r.key, outcome: r.outcome },
      ),
    };
  };
}
