import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { z } from 'zod';
import { EventEnvelope, type EventOutcome, routes, type SessionEventPayload } from '../contract';
import { appendAudit } from './audit';
import { applyCredentials } from './credentials';
import type { CentralDeps } from './deps';
import { parseBody, reply } from './http';
import { recordKey, scopedKey } from './idempotency';
import { noticeRefusedCredentials } from './refusal-notice';
import { applyQueja } from './quejas';

type Envelope = z.infer<typeof EventEnvelope>;

type SessionEnvelope = Envelope & { payload: SessionEventPayload };

/**
 * Stores a run of session events in one transaction, each with its key: a key already recorded
 * (by an earlier batch or earlier in this one) answers duplicate and stores nothing. One
 * transaction per run rather than per event because the drain sends batches of many; an
 * unexpected failure rolls the whole run back, keys included, so a retry applies each exactly once.
 */
async function applySessionEvents(deps: CentralDeps, kioskId: string, run: SessionEnvelope[]): Promise<EventOutcome[]> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const outcomes: EventOutcome[] = [];
    for (const e of run) {
      if (!(await recordKey(trx, { key: e.key, kioskId, route: 'events' }, now))) {
        outcomes.push({ key: e.key, outcome: 'duplicate' });
        continue;
      }
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
      outcomes.push({ key: e.key, outcome: 'applied' });
    }
    return outcomes;
  });
}

/** A malformed event is refused alone; its key is echoed when there is one to echo. */
function malformed(raw: unknown): EventOutcome {
  const key =
    typeof raw === 'object' && raw !== null && 'key' in raw && typeof raw.key === 'string' ? raw.key.slice(0, 64) : '';
  return { key, outcome: 'rejected', error: 'invalid_request' };
}

async function applyCredentialsEvent(
  deps: CentralDeps,
  kioskId: string,
  e: Envelope & { kind: 'credentials.set' },
): Promise<EventOutcome> {
  const result = await applyCredentials(deps, deps.db, e.payload, { key: e.key, kioskId, route: 'events' }, kioskId);
  if (!result.ok) {
    // the kiosk dead-letters a rejected event; if the person already left the screen believing
    // their clave was on its way, they and staff must hear it was not set
    await noticeRefusedCredentials(deps, {
      kioskId,
      eventKey: e.key,
      grant: e.payload.grant,
      sealedAt: result.sealedAt,
      reason: result.refusal.error,
    });
    return { key: e.key, outcome: 'rejected', error: result.refusal.error };
  }
  return { key: e.key, outcome: result.outcome === 'applied' ? 'applied' : 'duplicate' };
}

/** A technician's change on the kiosk goes into the audit chain once, with its key, in one transaction. */
async function applyTechnicianAudit(
  deps: CentralDeps,
  kioskId: string,
  e: Envelope & { kind: 'technician.audit' },
): Promise<EventOutcome> {
  const applied = await deps.db.transaction().execute(async (trx) => {
    if (!(await recordKey(trx, { key: e.key, kioskId, route: 'events' }, deps.now()))) return false;
    await appendAudit(trx, {
      at: e.payload.at,
      kioskId,
      action: `technician.${e.payload.action}`,
      subject: e.payload.staffId,
      detail: e.payload.detail,
    });
    return true;
  });
  return { key: e.key, outcome: applied ? 'applied' : 'duplicate' };
}

/**
 * Applies a batch in the order sent: consecutive session events go in one transaction; a
 * credentials event keeps its own (it opens a sealed payload and spends a grant), and the run
 * before it is stored first so the order holds.
 */
async function applyBatch(deps: CentralDeps, kioskId: string, raws: readonly unknown[]): Promise<EventOutcome[]> {
  const results: EventOutcome[] = [];
  let run: { index: number; envelope: SessionEnvelope }[] = [];
  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    const outcomes = await applySessionEvents(
      deps,
      kioskId,
      run.map((r) => r.envelope),
    );
    run.forEach((r, i) => (results[r.index] = outcomes[i]!));
    run = [];
  };
  for (const [index, raw] of raws.entries()) {
    const parsed = EventEnvelope.safeParse(raw);
    if (!parsed.success) {
      results[index] = malformed(raw);
      continue;
    }
    const e = parsed.data;
    if (e.kind === 'session.event') {
      run.push({ index, envelope: e });
      continue;
    }
    await flush();
    results[index] =
      e.kind === 'technician.audit'
        ? await applyTechnicianAudit(deps, kioskId, e)
        : e.kind === 'queja'
          ? await applyQueja(deps, kioskId, e)
          : await applyCredentialsEvent(deps, kioskId, e);
  }
  await flush();
  return results;
}

/**
 * POST /events: a batch from a kiosk outbox, applied in the order sent (the kiosk sends each
 * session's rows in sequence). Refusals are per event; an unexpected error throws, and the whole
 * batch answers 5xx so the kiosk retries it (keys already applied come back as duplicates).
 */
export function registerEventRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.events.path, async (c) => {
    const parsed = await parseBody(c, 'events');
    if (!parsed.ok) return parsed.response;
    const kioskId = c.get('kioskId');
    return reply(c, 'events', { results: await applyBatch(deps, kioskId, parsed.value.events) });
  });
}
