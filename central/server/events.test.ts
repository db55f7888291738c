import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivationStartResponse, ChallengeResponse, EventsResponse, VerifyResponse } from '../contract';
import { createHarness, linkIn, rightAnswerOf, type Harness } from './testkit';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const EVENTS = '/api/v1/events';
let serial = 0;
const key = () => `01KEYTEST${String(++serial).padStart(8, '0')}`;
const sessionEvent = (aggregateId: string, sequence: number, k = key()) => ({
  key: k,
  aggregateId,
  sequence,
  kind: 'session.event',
  payload: { event: 'started', flow: 'generate', step: 'identify', at: h.clock.t },
});

async function post(events: unknown[]) {
  const res = await h.call(EVENTS, { events }, { 'idempotency-key': key() });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Jorge verified, his link tapped: a grant ready for credentials. */
async function confirmedGrant(): Promise<string> {
  const set = ChallengeResponse.parse(
    await (
      await h.call('/api/v1/identity/challenge', { idType: 'cedula', id: '1714307103', intent: 'generate' })
    ).json(),
  );
  const answers = set.questions.map((q) => ({
    questionId: q.id,
    answer: rightAnswerOf(q.text['es-EC'], '1714307103'),
  }));
  const v = VerifyResponse.parse(
    await (
      await h.call('/api/v1/identity/verify', { challengeId: set.challengeId, birthDay: 2, birthMonth: 3, answers })
    ).json(),
  );
  if (!v.ok) throw new Error('verification failed');
  ActivationStartResponse.parse(
    await (await h.call('/api/v1/activation/start', { grant: v.grant, email: 'jorge.pilataxi@example.com' })).json(),
  );
  await h.app.request(new URL(linkIn(h.lastMailTo('jorge.pilataxi@example.com'))).pathname, { method: 'POST' });
  return v.grant;
}

describe('POST /events', () => {
  it('stores session events in order, each key once: a replayed batch answers duplicate', async () => {
    const batch = [sessionEvent('s-1', 1), sessionEvent('s-1', 2), sessionEvent('s-2', 1)];
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(EventsResponse.parse(first.body).results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    const again = await post(batch);
    expect(EventsResponse.parse(again.body).results.map((r) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const rows = await h.store.db
      .selectFrom('session_event')
      .select(['aggregate_id', 'sequence', 'kiosk_id'])
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { aggregate_id: 's-1', sequence: 1, kiosk_id: 'KIOSCO-01' },
      { aggregate_id: 's-1', sequence: 2, kiosk_id: 'KIOSCO-01' },
      { aggregate_id: 's-2', sequence: 1, kiosk_id: 'KIOSCO-01' },
    ]);
    expect(await h.store.db.selectFrom('idempotency').selectAll().where('route', '=', 'events').execute()).toHaveLength(
      3,
    );
  });

  it('rejects a malformed event alone; the others are still applied', async () => {
    const bad = { ...sessionEvent('s-1', 2), payload: { event: 'exploded' } };
    const { status, body } = await post([sessionEvent('s-1', 1), bad, sessionEvent('s-1', 3), 'not even an object']);
    expect(status).toBe(200);
    expect(EventsResponse.parse(body).results).toEqual([
      expect.objectContaining({ outcome: 'applied' }),
      { key: bad.key, outcome: 'rejected', error: 'invalid_request' },
      expect.objectContaining({ outcome: 'applied' }),
      { key: '', outcome: 'rejected', error: 'invalid_request' },
    ]);
    expect(await h.store.db.selectFrom('session_event').selectAll().execute()).toHaveLength(2);
  });

  it('credentials.set follows the /credentials rules: pending activation refused, then applied once, then duplicate', async () => {
    const set = ChallengeResponse.parse(
      await (
        await h.call('/api/v1/identity/challenge', { idType: 'cedula', id: '1714307103', intent: 'generate' })
      ).json(),
    );
    const answers = set.questions.map((q) => ({
      questionId: q.id,
      answer: rightAnswerOf(q.text['es-EC'], '1714307103'),
    }));
    const v = VerifyResponse.parse(
      await (
        await h.call('/api/v1/identity/verify', { challengeId: set.challengeId, birthDay: 2, birthMonth: 3, answers })
      ).json(),
    );
    if (!v.ok) throw new Error('verification failed');
    const payload = h.sealed(v.grant, { password: 'Pichincha7Sur' });
    const early = { key: key(), aggregateId: 's-9', sequence: 1, kind: 'credentials.set', payload };
    expect(EventsResponse.parse((await post([early])).body).results).toEqual([
      { key: early.key, outcome: 'rejected', error: 'activation_pending' },
    ]);

    ActivationStartResponse.parse(
      await (await h.call('/api/v1/activation/start', { grant: v.grant, email: 'jorge.pilataxi@example.com' })).json(),
    );
    await h.app.request(new URL(linkIn(h.lastMailTo('jorge.pilataxi@example.com'))).pathname, { method: 'POST' });
    const ready = { ...early, key: key(), sequence: 2 };
    expect(EventsResponse.parse((await post([ready])).body).results).toEqual([{ key: ready.key, outcome: 'applied' }]);
    expect(EventsResponse.parse((await post([ready])).body).results).toEqual([
      { key: ready.key, outcome: 'duplicate' },
    ]);
    const login = await h.call('/api/v1/portal/login', { id: '1714307103', password: 'Pichincha7Sur' });
    expect(login.status).toBe(200);
  });

  it('a spent grant is rejected as grant_invalid without blocking the event behind it', async () => {
    const grant = await confirmedGrant();
    const payload = h.sealed(grant, { password: 'Pichincha7Sur' });
    const first = { key: key(), aggregateId: 's-1', sequence: 1, kind: 'credentials.set', payload };
    const second = { ...first, key: key(), sequence: 2 };
    const { body } = await post([first, second, sessionEvent('s-1', 3)]);
    expect(EventsResponse.parse(body).results.map((r) => [r.outcome, r.error])).toEqual([
      ['applied', undefined],
      ['rejected', 'grant_invalid'],
      ['applied', undefined],
    ]);
  });

  it('an unexpected failure answers 5xx for the whole batch, so the kiosk retries it', async () => {
    await sql`drop table session_event`.execute(h.store.db);
    const { status, body } = await post([sessionEvent('s-1', 1)]);
    expect([status, body]).toEqual([500, { error: 'internal' }]);
    // the key went with the rolled-back transaction: a retry can still apply it
    expect(await h.store.db.selectFrom('idempotency').selectAll().execute()).toHaveLength(0);
  });

  it('a key sent twice in one batch is applied once; the copy answers duplicate', async () => {
    const k = key();
    const { body } = await post([sessionEvent('s-1', 1, k), sessionEvent('s-1', 2, k)]);
    expect(EventsResponse.parse(body).results.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
    expect(await h.store.db.selectFrom('session_event').selectAll().execute()).toHaveLength(1);
  });

  it('a failure late in a batch rolls back the keys applied before it, so the retry applies them', async () => {
    // the second event collides with a row stored outside the idempotency table: the insert throws
    await post([sessionEvent('s-9', 1)]);
    const [stored] = await h.store.db.selectFrom('session_event').select('key').execute();
    await sql`delete from idempotency`.execute(h.store.db);
    const first = sessionEvent('s-1', 1);
    const clash = sessionEvent('s-9', 1, stored!.key.split('/')[1]);
    const { status } = await post([first, clash]);
    expect(status).toBe(500);
    expect(await h.store.db.selectFrom('idempotency').selectAll().execute()).toHaveLength(0);
    const retry = await post([first]);
    expect(EventsResponse.parse(retry.body).results).toEqual([{ key: first.key, outcome: 'applied' }]);
  });

  it('400 on a body that is not a batch, and on an empty or oversized one', async () => {
    expect((await post([])).status).toBe(400);
    expect((await post(Array.from({ length: 101 }, (_, i) => sessionEvent('s', i + 1)))).status).toBe(400);
    const res = await h.call(EVENTS, { events: [sessionEvent('s', 1)], extra: true });
    expect(res.status).toBe(400);
  });
});
