import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChallengeResponse, EventsResponse, VerifyResponse } from '../contract';
import { brokenAuditRow, recordAudit } from './audit';
import { revokeKiosk } from './kiosks';
import { NEEDS_PG, PG_TEST_URL } from './test-store';
import { codeIn, linkIn, rightAnswerOf } from './testkit';
import { createNodes, type Node, type Nodes } from './testkit-nodes';

/**
 * Two central nodes (two apps, two connection pools) on one PostgreSQL, racing on the same
 * person, token, code or batch: what one node decides the other must see, and nothing counts
 * twice, is used twice or is lost.
 */
const JORGE = '1714307103';
const MARIA = '1710034065';

let n: Nodes;
let a: Node;
let b: Node;
beforeEach(async () => {
  if (!PG_TEST_URL) return;
  n = await createNodes(2);
  [a, b] = n.nodes as [Node, Node];
});
afterEach(async () => {
  if (PG_TEST_URL) await n.close();
});

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
/** Alternates the two nodes, as a load balancer would. */
const across = <T>(count: number, send: (node: Node, i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 === 0 ? a : b, i)));

async function challengeFor(node: Node, id: string) {
  const res = await node.call('/api/v1/identity/challenge', { idType: 'cedula', id });
  return ChallengeResponse.parse(await res.json());
}

/** Jorge verified (generate), his activation mailed; the grant and the link. */
async function jorgeWaitingForTheLink(): Promise<{ grant: string; link: string }> {
  const set = await challengeFor(a, JORGE);
  const answers = set.questions.map((q) => ({ questionId: q.id, answer: rightAnswerOf(q.text['es-EC'], JORGE) }));
  const verified = VerifyResponse.parse(
    await json(
      await a.call('/api/v1/identity/verify', { challengeId: set.challengeId, birthDay: 2, birthMonth: 3, answers }),
    ),
  );
  if (!verified.ok) throw new Error('verification failed');
  const start = await a.call('/api/v1/activation/start', { grant: verified.grant, email: 'jorge@example.com' });
  expect(start.status).toBe(200);
  return { grant: verified.grant, link: linkIn(n.lastMailTo('jorge@example.com')) };
}

const auditCount = async (action: string) =>
  (await a.store.db.selectFrom('audit').select('seq').where('action', '=', action).execute()).length;

describe(`two central nodes on one PostgreSQL${NEEDS_PG}`, () => {
  it.skipIf(!PG_TEST_URL)(
    'one activation link opened 20 times at once through both nodes confirms exactly once',
    async () => {
      const { link } = await jorgeWaitingForTheLink();
      const path = new URL(link).pathname;
      const statuses = await across(20, (node) =>
        Promise.resolve(node.app.request(path, { method: 'POST' })).then((r) => r.status),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await auditCount('activation.confirmed')).toBe(1);
    },
  );

  it.skipIf(!PG_TEST_URL)('two resends at once on both nodes leave exactly one live link', async () => {
    const { grant } = await jorgeWaitingForTheLink();
    const starts = await across(20, (node) =>
      node.call('/api/v1/activation/start', { grant, email: 'jorge@example.com' }).then((r) => r.status),
    );
    expect(starts.filter((s) => s === 200)).toHaveLength(20);
    const live = await a.store.db.selectFrom('activation').select('token_hash').where('superseded', '=', 0).execute();
    expect(live).toHaveLength(1);
  });

  it.skipIf(!PG_TEST_URL)(
    'the same outbox batch delivered to both nodes at once: each key applied exactly once',
    async () => {
      const { grant, link } = await jorgeWaitingForTheLink();
      expect((await a.app.request(new URL(link).pathname, { method: 'POST' })).status).toBe(200);
      const events = Array.from({ length: 40 }, (_, i) => ({
        key: `01JRACE${String(i).padStart(19, '0')}`,
        aggregateId: `session-${i % 4}`,
        sequence: Math.floor(i / 4) + 1,
        kind: 'session.event',
        payload: { event: 'started', flow: 'generate', step: 'identify', at: n.clock.t },
      }));
      const credentials = {
        key: '01JRACECREDENTIALS00000000',
        aggregateId: 'session-0',
        sequence: 11,
        kind: 'credentials.set',
        payload: n.sealed(grant, { password: 'Pichincha7Sur', email: 'jorge@example.com' }),
      };
      const batch = { events: [...events, credentials] };
      // three deliveries to each node, all at once: what a kiosk retrying through a balancer can do
      const answers = await across(6, async (node) => {
        const res = await node.call('/api/v1/events', batch);
        expect(res.status).toBe(200);
        return EventsResponse.parse(await res.json()).results;
      });
      for (const [index, event] of batch.events.entries()) {
        const outcomes = answers.map((results) => results[index]?.outcome);
        expect(
          outcomes.filter((o) => o === 'applied'),
          event.key,
        ).toHaveLength(1);
        expect(
          outcomes.filter((o) => o === 'duplicate'),
          event.key,
        ).toHaveLength(5);
      }
      expect(await a.store.db.selectFrom('session_event').select('seq').execute()).toHaveLength(40);
      expect(await a.store.db.selectFrom('idempotency').select('key').execute()).toHaveLength(41);
      expect(await auditCount('credentials.set')).toBe(1);
      expect(await brokenAuditRow(a.store.db)).toBeNull();
    },
  );

  it.skipIf(!PG_TEST_URL)(
    '50 wrong verifies of one cédula at once across both nodes: exactly 5 checked and counted, the 5th locks, the other 45 refused 423 unchecked',
    async () => {
      const sets = await across(50, (node) => challengeFor(node, MARIA));
      // every request at once, and sent again for as long as a node says "a check of this person is in flight" (429)
      const replies = await across(50, async (node, i) => {
        const set = sets[i]!;
        const answers = set.questions.map((q) => ({ questionId: q.id, answer: 'respuesta equivocada' }));
        for (let tries = 0; tries < 500; tries++) {
          const res = await node.call('/api/v1/identity/verify', {
            challengeId: set.challengeId,
            birthDay: 14,
            birthMonth: 8,
            answers,
          });
          if (res.status !== 429)
            return {
              status: res.status,
              body: await json<{ ok?: boolean; locked?: boolean; attemptsLeft?: number }>(res),
            };
        }
        throw new Error('busy for ever');
      });
      const evaluated = replies.filter((r) => r.status === 200);
      expect(evaluated.every((r) => r.body.ok === false)).toBe(true);
      expect(evaluated.map((r) => r.body.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(evaluated.find((r) => r.body.attemptsLeft === 0)?.body.locked).toBe(true);
      expect(replies.filter((r) => r.status === 423)).toHaveLength(45);
      const person = await a.store.db
        .selectFrom('afiliado')
        .select(['failed_attempts', 'locked_until'])
        .where('id', '=', MARIA)
        .executeTakeFirstOrThrow();
      expect(person.failed_attempts).toBe(5);
      expect(person.locked_until).toBeGreaterThan(n.clock.t);
      expect(await a.store.db.selectFrom('grant').select('grant_hash').execute()).toEqual([]);
      expect(await auditCount('person.locked')).toBe(1);
      expect(await brokenAuditRow(a.store.db)).toBeNull();
    },
  );

  it.skipIf(!PG_TEST_URL)('audit rows appended at once by both nodes keep one unbroken chain', async () => {
    await across(40, (node, i) =>
      recordAudit(node.store.db, { at: n.clock.t, kioskId: 'KIOSCO-01', action: 'race.test', subject: String(i) }),
    );
    expect(await auditCount('race.test')).toBe(40);
    expect(await brokenAuditRow(a.store.db)).toBeNull();
  });

  it.skipIf(!PG_TEST_URL)(
    '50 wrong employer codes at once across both nodes spend exactly the 5 tries; the right code then fails',
    async () => {
      const lookup = await json<{ ok: boolean; grant: string }>(
        await a.call('/api/v1/employer/lookup', { ruc: '1790011674001', branch: '001', legalRepId: MARIA }),
      );
      expect(lookup.ok).toBe(true);
      expect((await b.call('/api/v1/employer/code/start', { grant: lookup.grant })).status).toBe(200);
      const code = codeIn(n.lastMailTo('rrhh@example.com'));
      const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      const replies = await across(50, async (node, i) =>
        json<{ ok: boolean; attemptsLeft: number }>(
          await node.call('/api/v1/employer/code/verify', { grant: lookup.grant, code: wrong(i) }),
        ),
      );
      expect(replies.every((r) => !r.ok)).toBe(true);
      const counted = replies.map((r) => r.attemptsLeft).filter((left) => left > 0);
      expect(counted.sort()).toEqual([1, 2, 3, 4]);
      const right = await json<{ ok: boolean }>(
        await a.call('/api/v1/employer/code/verify', { grant: lookup.grant, code }),
      );
      expect(right.ok).toBe(false);
      const row = await a.store.db
        .selectFrom('grant')
        .select('code_attempts_left')
        .where('subject_kind', '=', 'employer')
        .executeTakeFirstOrThrow();
      expect(row.code_attempts_left).toBe(0);
    },
  );

  it.skipIf(!PG_TEST_URL)(
    'a kiosk revoked through one node is refused by the other, which already holds its key',
    async () => {
      const lookup = { idType: 'cedula', id: MARIA };
      expect((await a.call('/api/v1/identity/lookup', lookup)).status).toBe(200);
      expect((await b.call('/api/v1/identity/lookup', lookup)).status).toBe(200);
      await revokeKiosk(a.deps, n.kiosk.kioskId);
      expect((await b.call('/api/v1/identity/lookup', lookup)).status).toBe(401);
      expect((await b.call('/api/v1/fleet/heartbeat', {})).status).toBe(401);
      expect((await a.call('/api/v1/identity/lookup', lookup)).status).toBe(401);
    },
  );

  it.skipIf(!PG_TEST_URL)(
    "a command staff left is handed over once when the kiosk's heartbeats race through both nodes",
    async () => {
      await a.store.db
        .insertInto('fleet_command')
        .values({
          id: 'cmd-end-0001',
          kiosk_id: n.kiosk.kioskId,
          kind: 'session.end',
          help_id: null,
          staff_id: 'S001',
          created_at: n.clock.t,
          delivered_at: null,
        })
        .execute();
      const beat = {
        office: 'IESS Quito Centro',
        version: '0.1.0',
        state: 'idle',
        step: null,
        since: n.clock.t,
        outbox: { depth: 0, deadLetters: 0 },
        help: null,
        lastError: null,
        update: null,
      };
      const replies = await across(20, async (node) =>
        json<{ commands: { id: string }[] }>(await node.call('/api/v1/fleet/heartbeat', beat)),
      );
      expect(replies.flatMap((r) => r.commands.map((c) => c.id))).toEqual(['cmd-end-0001']);
    },
  );
});
