import type { z } from 'zod';
import type { EventEnvelope, EventOutcome } from '../contract';
import type { CentralDeps } from './deps';
import { recordKey, scopedKey } from './idempotency';

type QuejaEnvelope = Extract<z.infer<typeof EventEnvelope>, { kind: 'queja' }>;

/**
 * Stores one queja ("Reportar un problema") with its idempotency key in one transaction, so an
 * outbox retry counts it once. The office is the kiosk's (figures join on it), never the person's.
 */
export async function applyQueja(deps: CentralDeps, kioskId: string, e: QuejaEnvelope): Promise<EventOutcome> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await recordKey(trx, { key: e.key, kioskId, route: 'events' }, now)))
      return { key: e.key, outcome: 'duplicate' as const };
    const text = e.payload.text?.trim() ?? '';
    await trx
      .insertInto('queja')
      .values({
        key: scopedKey(kioskId, e.key),
        kiosk_id: kioskId,
        category: e.payload.category,
        text: text === '' ? null : text,
        step: e.payload.step,
        at: e.payload.at,
        received_at: now,
      })
      .execute();
    return { key: e.key, outcome: 'applied' as const };
  });
}
