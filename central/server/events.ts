import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { z } from 'zod';
import { EventEnvelope, type EventOutcome, type SessionEventPayload } from '../contract';
import { applyCredentials } from './credentials';
import type { CentralDeps } from './deps';
import { parseBody, reply } from './http';
import { recordKey, scopedKey } from './idempotency';

type Envelope = z.infer<typeof EventEnvelope>;

/** Rolls back a session event whose key was already applied. */
class Replay extends Error {}

/** Stores one session event with its key, in one transaction: applied at most once. */
async function applySessionEvent(
  deps: CentralDeps,
  kioskId: string,
  e: Envelope & { payload: SessionEventPayload },
): Promise<EventOutcome> {
  const now = deps.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await recordKey(trx, { key: e.key, kioskId, route: 'events' }, now))) throw new Replay();
      await trx
        .insertInto('session_event')
        .values({
          key: scopedKey(kioskId, e.key),
          kiosk_id: kioskId,
          aggregate_id: e.aggregateId,
          sequence: e.sequence,
          event: e.payload.event,
          flow: e.payload.flow,
          step: e.payload.step,
          at: e.payload.at,
          received_at: now,
        })
        .execute();
    });
    return { key: e.key, outcome: 'applied' };
  } catch (error) {
    if (error instanceof Replay) return { key: e.key, outcome: 'duplicate' };
    throw error;
  }
}

async function applyEnvelope(deps: CentralDeps, kioskId: string, raw: unknown): Promise<EventOutcome> {
  const parsed = EventEnvelope.safeParse(raw);
  if (!parsed.success) {
    // a malformed event is refused alone; its key is echoed when there is one to echo
    const key =
      typeof raw === 'object' && raw !== null && 'key' in raw && typeof raw.key === 'string'
        ? raw.key.slice(0, 64)
        : '';
    return { key, outcome: 'rejected', error: 'invalid_request' };
  }
  const e = parsed.data;
  if (e.kind === 'session.event') return applySessionEvent(deps, kioskId, e);
  const result = await applyCredentials(deps, deps.db, e.payload, { key: e.key, kioskId, route: 'events' }, kioskId);
  if (!result.ok) return { key: e.key, outcome: 'rejected', error: result.refusal.error };
  return { key: e.key, outcome: result.outcome === 'applied' ? 'applied' : 'duplicate' };
}

/**
 * POST /events: a batch from a kiosk outbox, applied in the order sent (the kiosk sends each
 * session's rows in sequence). Refusals are per event; an unexpected error throws, and the whole
 * batch answers 5xx so the kiosk retries it (keys already applied come back as duplicates).
 */
export function registerEventRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post('/api/v1/events', async (c) => {
    const parsed = await parseBody(c, 'events');
    if (!parsed.ok) return parsed.response;
    const kioskId = c.get('kioskId');
    const results: EventOutcome[] = [];
    for (const raw of parsed.value.events) results.push(await applyEnvelope(deps, kioskId, raw));
    return reply(c, 'events', { results });
  });
}
