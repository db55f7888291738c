import { afterEach, describe, expect, it } from 'vitest';
import type { Heartbeat, LiveEvent, LiveTile } from '../../domain/fleet';
import { createSseParser, type SseMessage } from '../../electron/core/fleet/live-client';
import type { KioskIdentity } from '../kiosk-auth';
import { createInProcessLiveBus } from './live-bus';
import { publishStatement } from './live-bus-pg';
import { createOfflineSweeper } from './live';
import { NEEDS_PG, PG_TEST_URL } from './test-store';
import { createHarness, type Harness } from './testkit';
import { createNodes, type Node, type Nodes } from './testkit-nodes';

/**
 * The office live view when kiosks and supervisors reach different central nodes: what a kiosk
 * tells node A reaches a supervisor watching node B, ids resume on either node, and a kiosk that
 * goes quiet is announced offline once however many nodes sweep.
 */
const heartbeat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  office: 'IESS Quito Centro',
  version: '0.1.0',
  state: 'idle',
  step: null,
  since: 0,
  outbox: { depth: 0, deadLetters: 0 },
  help: null,
  lastError: null,
  update: null,
  ...over,
});

type Stream = {
  messages: SseMessage[];
  /** resolves once `until` holds over what arrived (the test's own timeout bounds the wait) */
  waitFor(until: (messages: SseMessage[]) => boolean): Promise<SseMessage[]>;
  close(): Promise<void>;
};

async function openLive(node: Node, as: KioskIdentity, token: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await node.get(
    '/api/v1/fleet/live',
    as,
    { 'x-staff-session': token, ...headers },
    controller.signal,
  );
  expect(response.status).toBe(200);
  const messages: SseMessage[] = [];
  const parse = createSseParser((m) => messages.push(m));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      parse(decoder.decode(value, { stream: true }));
    }
    ended = true;
  })();
  const stream: Stream = {
    messages,
    async waitFor(until) {
      while (!until(messages)) {
        if (ended) throw new Error('the stream ended first');
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
  return stream;
}

/** waits (bounded by the test's timeout) until `holds` */
const until = (holds: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (holds() ? resolve() : setTimeout(check, 20));
    check();
  });

const tileAt = (t: number): LiveTile => ({
  kioskId: 'KIOSCO-X',
  office: 'IESS Quito Centro',
  online: true,
  state: 'idle',
  step: null,
  since: t,
  lastSeen: t,
  version: '0.1.0',
  outboxDepth: 0,
  deadLetters: 0,
  help: null,
  lastError: null,
  stuck: false,
  update: null,
});

const tilesOf = (messages: SseMessage[]): LiveTile[] =>
  messages.map((m) => JSON.parse(m.data) as LiveEvent).flatMap((e) => (e.type === 'tile' ? [e.tile] : []));

async function staffToken(n: Nodes, node: Node, as: KioskIdentity): Promise<string> {
  const r = await node.call('/api/v1/fleet/staff/session', { pin: '482915', office: 'IESS Quito Centro' }, as);
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

describe(`live view across two central nodes on one PostgreSQL${NEEDS_PG}`, () => {
  let n: Nodes;
  let a: Node;
  let b: Node;
  const open: Stream[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    if (PG_TEST_URL) await n.close();
  });
  const setUp = async () => {
    n = await createNodes(2, 3);
    [a, b] = n.nodes as [Node, Node];
    const supervisor = await n.enroll('SUPERVISOR-01');
    const kiosk = await n.enroll('KIOSCO-A');
    return { supervisor, kiosk, token: await staffToken(n, b, supervisor) };
  };

  it.skipIf(!PG_TEST_URL)('a heartbeat via node A reaches a supervisor streaming from node B', async () => {
    const { supervisor, kiosk, token } = await setUp();
    const live = await openLive(b, supervisor, token);
    open.push(live);
    await live.waitFor((m) => m.length >= 1);
    const help = { id: 'help-0001-abcdef', screen: 'identify', since: n.clock.t };
    expect(
      (await a.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify', help }), kiosk))
        .status,
    ).toBe(200);
    await live.waitFor((m) => tilesOf(m).length >= 1);
    const [tile] = tilesOf(live.messages);
    expect([tile?.kioskId, tile?.online, tile?.state, tile?.help?.id]).toEqual([
      'KIOSCO-A',
      true,
      'in_session',
      help.id,
    ]);
  });

  it.skipIf(!PG_TEST_URL)('an event id from node B resumes on node A with only the changes missed', async () => {
    const { supervisor, kiosk, token } = await setUp();
    const onB = await openLive(b, supervisor, token);
    open.push(onB);
    await onB.waitFor((m) => m.length >= 1);
    await a.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify' }), kiosk);
    await onB.waitFor((m) => tilesOf(m).length >= 1);
    const seen = onB.messages.at(-1)!.id!;
    await onB.close();
    // while the screen is away, the kiosk moves on (told to node B this time)
    await b.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'email' }), kiosk);
    // node A has heard that change too before the screen comes back to it
    await until(() => a.bus.heardCount() >= 2);
    const onA = await openLive(a, supervisor, token, { 'last-event-id': seen });
    open.push(onA);
    await onA.waitFor((m) => m.length >= 1);
    const first = JSON.parse(onA.messages[0]!.data) as LiveEvent;
    expect(first.type).toBe('tile');
    expect(first.type === 'tile' && first.tile.step).toBe('email');
    expect(onA.messages[0]!.id).not.toBe(seen);
  });

  it.skipIf(!PG_TEST_URL)(
    'a node that lost its LISTEN connection sends its open streams a fresh snapshot, then goes on live',
    async () => {
      const { supervisor, kiosk, token } = await setUp();
      const onB = await openLive(b, supervisor, token);
      open.push(onB);
      await onB.waitFor((m) => m.length >= 1);
      const snapshots = (m: SseMessage[]) => m.filter((x) => x.event === 'snapshot').length;
      expect(snapshots(onB.messages)).toBe(1);
      // what a database restart or a network cut does: anything said until LISTEN is back is missed
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: PG_TEST_URL });
      await admin.connect();
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()`,
        [`listen ${n.channel}`],
      );
      await admin.end();
      expect(killed.rowCount).toBe(2);
      await onB.waitFor((m) => snapshots(m) === 2);
      // the new snapshot is labelled as taken before any change heard since: a resume from it is whole
      expect(onB.messages.at(-1)!.id).toBe('0');
      await a.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify' }), kiosk);
      await onB.waitFor((m) => tilesOf(m).some((t) => t.kioskId === 'KIOSCO-A'));
    },
  );

  it.skipIf(!PG_TEST_URL)(
    'a change that commits after a later-numbered one is still replayed to a screen resuming past the later one',
    async () => {
      const { supervisor, kiosk, token } = await setUp();
      const onB = await openLive(b, supervisor, token);
      open.push(onB);
      await onB.waitFor((m) => m.length >= 1);
      // node A publishes a change and draws its id, but its transaction has not committed yet
      const early = { ...tileAt(n.clock.t), kioskId: 'KIOSCO-LENTO' };
      let commit!: () => void;
      const committed = new Promise<void>((resolve) => (commit = resolve));
      let drawn!: () => void;
      const wasDrawn = new Promise<void>((resolve) => (drawn = resolve));
      const slow = a.store.db.transaction().execute(async (trx) => {
        await publishStatement(n.channel, early).execute(trx);
        drawn();
        await committed;
      });
      await wasDrawn;
      // meanwhile a heartbeat through node B draws the next id and commits first
      await b.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify' }), kiosk);
      await onB.waitFor((m) => tilesOf(m).length >= 1);
      const later = onB.messages.at(-1)!;
      expect(tilesOf([later])[0]!.kioskId).toBe('KIOSCO-A');
      // the screen goes away having seen the later-numbered change; then the earlier one commits
      await onB.close();
      commit();
      await slow;
      await until(() => a.bus.heardCount() >= 2 && b.bus.heardCount() >= 2);
      let earlyId = '';
      for (const node of [a, b]) {
        const resumed = await openLive(node, supervisor, token, { 'last-event-id': later.id! });
        open.push(resumed);
        await resumed.waitFor((m) => m.length >= 1);
        const first = resumed.messages[0]!;
        expect(first.event).toBe('tile');
        expect(tilesOf([first])[0]!.kioskId).toBe('KIOSCO-LENTO');
        // its id is the smaller one: it was drawn first
        expect(Number(first.id)).toBeLessThan(Number(later.id));
        earlyId = first.id!;
      }
      // and a screen that saw it is told nothing again: the next change is the first it gets
      const after = [await openLive(a, supervisor, token, { 'last-event-id': earlyId })];
      after.push(await openLive(b, supervisor, token, { 'last-event-id': earlyId }));
      open.push(...after);
      a.bus.publish({ ...tileAt(n.clock.t), kioskId: 'KIOSCO-MARCA' });
      for (const live of after) {
        await live.waitFor((m) => m.length >= 1);
        expect(tilesOf(live.messages).map((t) => t.kioskId)).toEqual(['KIOSCO-MARCA']);
      }
    },
  );

  it.skipIf(!PG_TEST_URL)('both nodes hear changes published at once through both in one order', async () => {
    await setUp();
    const heardOn = (node: Node) => {
      const ids: number[] = [];
      node.bus.subscribe((c) => ids.push(c.id));
      return ids;
    };
    const onA = heardOn(a);
    const onB = heardOn(b);
    for (let i = 0; i < 40; i += 1) (i % 2 === 0 ? a : b).bus.publish({ ...tileAt(n.clock.t), kioskId: `K-${i}` });
    await until(() => onA.length === 40 && onB.length === 40);
    expect(onA).toEqual(onB);
    expect(new Set(onA).size).toBe(40);
  });

  it.skipIf(!PG_TEST_URL)('a kiosk that stops is announced offline exactly once while both nodes sweep', async () => {
    const { supervisor, kiosk, token } = await setUp();
    await a.call('/api/v1/fleet/heartbeat', heartbeat(), kiosk);
    // its tile is published in the background: both nodes hear it before the streams open
    await until(() => a.bus.heardCount() >= 1 && b.bus.heardCount() >= 1);
    // a supervisor on each node: both nodes' own sweepers run as well
    const onA = await openLive(a, supervisor, token);
    const onB = await openLive(b, supervisor, token);
    open.push(onA, onB);
    await onA.waitFor((m) => m.length >= 1);
    await onB.waitFor((m) => m.length >= 1);
    n.clock.t += 10_001;
    // and both nodes sweep at the very same moment, twice
    const sweepA = createOfflineSweeper(a.deps, a.bus);
    const sweepB = createOfflineSweeper(b.deps, b.bus);
    await Promise.all([sweepA.sweep(), sweepB.sweep(), sweepA.sweep(), sweepB.sweep()]);
    await onB.waitFor((m) => tilesOf(m).some((t) => !t.online));
    // the kiosk comes back: everything announced in between is on both streams, in one order
    await b.call('/api/v1/fleet/heartbeat', heartbeat(), kiosk);
    for (const live of [onA, onB]) {
      await live.waitFor((m) => tilesOf(m).some((t) => t.online));
      const flags = tilesOf(live.messages).map((t) => t.online);
      expect(flags).toEqual([false, true]);
    }
    expect(onA.messages.slice(1).map((m) => m.id)).toEqual(onB.messages.slice(1).map((m) => m.id));
  });
});

describe('the offline sweep is claimed, not repeated', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('two sweepers on one database announce a kiosk that went quiet once', async () => {
    h = await createHarness();
    const bus = createInProcessLiveBus();
    const heard: LiveTile[] = [];
    bus.subscribe((c) => heard.push(c.tile));
    await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-B' });
    const one = createOfflineSweeper(h.deps, bus);
    const two = createOfflineSweeper(h.deps, bus);
    await Promise.all([one.sweep(), two.sweep()]);
    expect(heard).toEqual([]);
    h.clock.t += 10_001;
    await Promise.all([one.sweep(), two.sweep(), one.sweep(), two.sweep()]);
    expect(heard.map((t) => [t.kioskId, t.online])).toEqual([['KIOSCO-B', false]]);
    // back online by heartbeat (announced by the heartbeat route), then quiet again: one more
    await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-B' });
    await Promise.all([one.sweep(), two.sweep()]);
    h.clock.t += 10_001;
    await Promise.all([one.sweep(), two.sweep()]);
    expect(heard.map((t) => t.online)).toEqual([false, false]);
  });

  it('a kiosk stuck on one step is announced stuck by the sweep even while its heartbeats keep coming', async () => {
    h = await createHarness();
    const bus = createInProcessLiveBus();
    const heard: LiveTile[] = [];
    bus.subscribe((c) => heard.push(c.tile));
    const k = { 'x-kiosk-id': 'K1' };
    await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'challenge' }), k);
    const sweeper = createOfflineSweeper(h.deps, bus);
    await sweeper.sweep();
    // heartbeats every 6 s on the same step: none of them changes the tile by itself
    for (let t = 0; t < 31; t += 1) {
      h.clock.t += 6_000;
      await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'challenge' }), k);
      await sweeper.sweep();
    }
    expect(heard.map((t) => [t.stuck, t.online])).toEqual([[true, true]]);
  });
});
