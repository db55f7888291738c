import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Heartbeat, LiveEvent, LiveTile } from '../../domain/fleet';
import { createSseParser, type SseMessage } from '../../electron/core/fleet/live-client';
import { createCentralAppWith } from './app';
import { signRequest } from '../kiosk-auth';
import { createOfflineSweeper, KEEP_ALIVE_MS } from './live';
import { createInProcessLiveBus } from './live-bus';
import { createHarness, TEST_SEED, type Harness } from './testkit';

const heartbeat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  office: 'IESS Quito Centro',
  version: '0.1.0',
  state: 'idle',
  step: null,
  since: 0,
  outbox: { depth: 0, deadLetters: 0 },
  update: null,
  help: null,
  lastError: null,
  ...over,
});

let h: Harness;
afterEach(async () => h?.close());

async function staffToken(pin = '482915', as = 'SUPERVISOR-01'): Promise<string> {
  const r = await h.call('/api/v1/fleet/staff/session', { pin, office: 'IESS Quito Centro' }, { 'x-kiosk-id': as });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

/** Opens the live stream as the supervisor window `as` and collects its events until `until` holds. */
async function readLive(
  token: string,
  until: (events: SseMessage[]) => boolean,
  headers: Record<string, string> = {},
): Promise<{ messages: SseMessage[]; raw: string }> {
  const kiosk = await h.enrollAnother('SUPERVISOR-01');
  const { signRequest } = await import('../kiosk-auth');
  const authorization = await signRequest(kiosk, { method: 'GET', path: '/api/v1/fleet/live', body: '' }, h.clock.t);
  const controller = new AbortController();
  const response = await h.app.request('/api/v1/fleet/live', {
    headers: { authorization, 'x-staff-session': token, ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const messages: SseMessage[] = [];
  let raw = '';
  const parse = createSseParser((m) => messages.push(m));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  while (!until(messages)) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    parse(text);
  }
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return { messages, raw };
}

const events = (messages: SseMessage[]) => messages.map((m) => JSON.parse(m.data) as LiveEvent);

describe('heartbeats and the office live view', () => {
  it("a kiosk's updater reaches its tile (phase, target version, a failed step), and a kiosk without one shows none", async () => {
    h = await createHarness();
    const update = { phase: 'downloading' as const, version: '1.4.2', failed: false };
    expect((await h.call('/api/v1/fleet/heartbeat', heartbeat({ update }), { 'x-kiosk-id': 'KIOSCO-A' })).status).toBe(
      200,
    );
    await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-B' });
    // an error text or a URL has no place in it
    const leaky = { phase: 'installing', version: 'https://feed.example/1.4.2', failed: false };
    expect((await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-C' })).status).toBe(200);
    expect(
      (await h.call('/api/v1/fleet/heartbeat', { ...heartbeat(), update: leaky }, { 'x-kiosk-id': 'KIOSCO-C' })).status,
    ).toBe(400);
    const token = await staffToken();
    const live = await readLive(token, (m) => m.length >= 1);
    const snapshot = events(live.messages)[0];
    const tiles = snapshot?.type === 'snapshot' ? snapshot.tiles : [];
    expect(tiles.find((t) => t.kioskId === 'KIOSCO-A')?.update).toEqual(update);
    expect(tiles.find((t) => t.kioskId === 'KIOSCO-B')?.update).toBeNull();
  });

  it('a heartbeat shows the kiosk in the snapshot; its help request reaches the stream, and "Atender" clears it and tells the kiosk', async () => {
    h = await createHarness();
    expect((await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-A' })).status).toBe(200);
    const token = await staffToken();
    const first = await readLive(token, (m) => m.length >= 1);
    const snapshot = events(first.messages)[0];
    expect(snapshot?.type).toBe('snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.tiles.map((t) => [t.kioskId, t.online, t.state])).toEqual([
      ['KIOSCO-A', true, 'idle'],
    ]);

    const help = { id: 'help-0001-abcdef', screen: 'identify', since: h.clock.t };
    await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify', help }), {
      'x-kiosk-id': 'KIOSCO-A',
    });
    // resuming after the snapshot's id sends only the change that was missed
    const resumed = await readLive(token, (m) => m.length >= 1, { 'last-event-id': first.messages[0]!.id! });
    const change = events(resumed.messages)[0];
    expect(change?.type === 'tile' && change.tile.help?.id).toBe('help-0001-abcdef');

    const attend = await h.call(
      '/api/v1/fleet/help/attend',
      { session: token, kioskId: 'KIOSCO-A', helpId: help.id },
      { 'x-kiosk-id': 'SUPERVISOR-01' },
    );
    expect(await attend.json()).toEqual({ attended: true });
    // a second supervisor tapping the same alert is told it was already attended
    const again = await h.call(
      '/api/v1/fleet/help/attend',
      { session: token, kioskId: 'KIOSCO-A', helpId: help.id },
      { 'x-kiosk-id': 'SUPERVISOR-01' },
    );
    expect(await again.json()).toEqual({ attended: false });
    // the kiosk's next heartbeat (still carrying the request it sent before hearing) gets the command
    const beat = await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'identify', help }), {
      'x-kiosk-id': 'KIOSCO-A',
    });
    const answer = (await beat.json()) as { commands: { kind: string; helpId?: string }[] };
    expect(answer.commands).toMatchObject([{ kind: 'help.attended', helpId: help.id }]);
    const status = await h.store.db.selectFrom('kiosk_status').selectAll().executeTakeFirstOrThrow();
    expect(status.help_id).toBeNull();
    const audit = await h.store.db
      .selectFrom('audit')
      .selectAll()
      .where('action', '=', 'staff.help_attended')
      .execute();
    expect(audit.map((a) => [a.subject, a.detail])).toEqual([['KIOSCO-A', 'S001']]);
  });

  it('a kiosk whose heartbeats stop is offline after 10 s, and online again with the next one', async () => {
    h = await createHarness();
    await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-B' });
    const token = await staffToken();
    h.clock.t += 10_001;
    const offline = events((await readLive(token, (m) => m.length >= 1)).messages)[0];
    expect(offline?.type === 'snapshot' && offline.tiles[0]?.online).toBe(false);
    await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'KIOSCO-B' });
    const back = events((await readLive(token, (m) => m.length >= 1)).messages)[0];
    expect(back?.type === 'snapshot' && back.tiles[0]?.online).toBe(true);
  });

  it('a session on one step for over 3 minutes is flagged stuck', async () => {
    h = await createHarness();
    await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'challenge' }), {
      'x-kiosk-id': 'K1',
    });
    h.clock.t += 3 * 60_000 + 1_000;
    await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'challenge' }), {
      'x-kiosk-id': 'K1',
    });
    const token = await staffToken();
    const snap = events((await readLive(token, (m) => m.length >= 1)).messages)[0];
    expect(snap?.type === 'snapshot' && snap.tiles[0]?.stuck).toBe(true);
  });

  it('remote end session queues one command for the kiosk and writes one audit row with who', async () => {
    h = await createHarness();
    await h.call('/api/v1/fleet/heartbeat', heartbeat({ state: 'in_session', step: 'email' }), { 'x-kiosk-id': 'K2' });
    const token = await staffToken();
    const ended = await h.call(
      '/api/v1/fleet/session/end',
      { session: token, kioskId: 'K2' },
      { 'x-kiosk-id': 'SUPERVISOR-01' },
    );
    expect(await ended.json()).toEqual({ queued: true });
    const beat = (await (await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'K2' })).json()) as {
      commands: { kind: string }[];
    };
    expect(beat.commands.map((c) => c.kind)).toEqual(['session.end']);
    // handed over once
    const next = (await (await h.call('/api/v1/fleet/heartbeat', heartbeat(), { 'x-kiosk-id': 'K2' })).json()) as {
      commands: unknown[];
    };
    expect(next.commands).toEqual([]);
    const rows = await h.store.db.selectFrom('audit').selectAll().where('action', '=', 'staff.session_ended').execute();
    expect(rows.map((r) => [r.subject, r.detail, r.kiosk_id])).toEqual([['K2', 'S001', 'SUPERVISOR-01']]);
  });
});

describe('who may watch (attacks)', () => {
  it('refuses the live view to an anonymous caller, to a kiosk without a staff session, to a wrong PIN and to a token used from another kiosk', async () => {
    h = await createHarness();
    expect((await h.app.request('/api/v1/fleet/live')).status).toBe(401);
    expect((await h.get('/api/v1/fleet/live')).status).toBe(401);
    expect((await h.get('/api/v1/fleet/live', { 'x-staff-session': 'x'.repeat(43) })).status).toBe(401);
    const wrong = await h.call('/api/v1/fleet/staff/session', { pin: '000000', office: 'X' }, { 'x-kiosk-id': 'K9' });
    expect(wrong.status).toBe(401);
    const token = await staffToken('482915', 'SUPERVISOR-01');
    // the token was issued to SUPERVISOR-01: the harness's own kiosk cannot use it
    expect((await h.get('/api/v1/fleet/live', { 'x-staff-session': token })).status).toBe(401);
    const figures = await h.call('/api/v1/fleet/figures', { session: token, scope: 'all' });
    expect(figures.status).toBe(401);
  });

  it('refuses a technician and stops judging PINs from a kiosk after five wrong ones', async () => {
    h = await createHarness({
      seed: {
        ...TEST_SEED,
        staff: [...TEST_SEED.staff, { id: 'T001', name: 'Tec', role: 'technician', pin: '730164' }],
      },
    });
    const tech = await h.call('/api/v1/fleet/staff/session', { pin: '730164', office: 'X' }, { 'x-kiosk-id': 'K3' });
    const techToken = ((await tech.json()) as { token: string }).token;
    const signer = await h.enrollAnother('K3');
    const { signRequest } = await import('../kiosk-auth');
    const authorization = await signRequest(signer, { method: 'GET', path: '/api/v1/fleet/live', body: '' }, h.clock.t);
    const r = await h.app.request('/api/v1/fleet/live', { headers: { authorization, 'x-staff-session': techToken } });
    expect(r.status).toBe(401);
    for (let i = 0; i < 5; i++)
      await h.call('/api/v1/fleet/staff/session', { pin: '111111', office: 'X' }, { 'x-kiosk-id': 'K4' });
    const blocked = await h.call('/api/v1/fleet/staff/session', { pin: '482915', office: 'X' }, { 'x-kiosk-id': 'K4' });
    expect(blocked.status).toBe(423);
  });

  it('the unlock and the live-view session share one count of wrong PINs: two routes are not two sets of tries', async () => {
    h = await createHarness();
    const kiosk = { 'x-kiosk-id': 'K5' };
    for (let i = 0; i < 3; i++) {
      const wrong = await h.call('/api/v1/staff/verify', { pin: '111111' }, kiosk);
      expect(((await wrong.json()) as { ok: boolean }).ok).toBe(false);
    }
    expect((await h.call('/api/v1/fleet/staff/session', { pin: '222222', office: 'X' }, kiosk)).status).toBe(401);
    // the fifth wrong PIN, on the unlock route, is the last of the one count
    const fifth = await h.call('/api/v1/staff/verify', { pin: '333333' }, kiosk);
    expect(await fifth.json()).toMatchObject({ ok: false, attemptsLeft: 0, locked: true });
    // now even the right PIN is refused on both routes
    expect((await h.call('/api/v1/fleet/staff/session', { pin: '482915', office: 'X' }, kiosk)).status).toBe(423);
    expect((await h.call('/api/v1/staff/verify', { pin: '482915' }, kiosk)).status).toBe(423);
  });

  it('wrong PINs racing on both routes from one kiosk are judged at most five times in all', async () => {
    h = await createHarness();
    const kiosk = { 'x-kiosk-id': 'K6' };
    // the first call enrolls the kiosk in the harness; it is a wrong PIN too
    expect((await h.call('/api/v1/staff/verify', { pin: '199999' }, kiosk)).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        i % 2
          ? h.call('/api/v1/staff/verify', { pin: String(200000 + i) }, kiosk)
          : h.call('/api/v1/fleet/staff/session', { pin: String(200000 + i), office: 'X' }, kiosk),
      ),
    );
    // a judged wrong PIN is 200 (unlock) or 401 (session); past the count every try is 423 unjudged
    const judged = answers.filter((r) => r.status !== 423);
    expect(judged.length).toBeLessThanOrEqual(4);
    expect(answers.filter((r) => r.status === 423).length).toBeGreaterThanOrEqual(7);
    expect((await h.call('/api/v1/staff/verify', { pin: '482915' }, kiosk)).status).toBe(423);
  });

  it('refuses a heartbeat that tries to carry a typed value (no field can hold one)', async () => {
    h = await createHarness();
    const bad = [
      { ...heartbeat(), step: '1710034065' },
      { ...heartbeat(), cedula: '1710034065' },
      { ...heartbeat(), lastError: 'maria@example.com' },
      { ...heartbeat(), help: { id: 'help-0001-abcdef', screen: 'maria@example.com', since: 1 } },
    ];
    for (const body of bad) expect((await h.call('/api/v1/fleet/heartbeat', body)).status).toBe(400);
  });
});

describe('what a heartbeat publishes', () => {
  it('an open stream holds one subscription, says it is alive after 15 s of quiet, and lets go of it when the screen goes away', async () => {
    h = await createHarness();
    const bus = createInProcessLiveBus();
    const app = createCentralAppWith(h.deps, bus);
    const token = await staffToken();
    const supervisor = await h.enrollAnother('SUPERVISOR-01');
    const path = '/api/v1/fleet/live';
    const authorization = await signRequest(supervisor, { method: 'GET', path, body: '' }, h.clock.t);
    // only the stream's own timers are faked: the rest (hashing, the database) runs as it does
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const controller = new AbortController();
      const response = await app.request(path, {
        headers: { authorization, 'x-staff-session': token },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let raw = '';
      const readUntil = async (seen: (text: string) => boolean) => {
        while (!seen(raw)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended early:\n${raw}`);
          raw += decoder.decode(value, { stream: true });
        }
      };
      await readUntil((text) => text.includes('event: snapshot'));
      expect(bus.subscriberCount()).toBe(1);
      expect(raw).not.toContain(': keep-alive');
      // a proxy closes a silent connection: a comment line keeps it open, and nothing else is sent
      await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS - 1);
      expect(raw).not.toContain(': keep-alive');
      await vi.advanceTimersByTimeAsync(1);
      await readUntil((text) => text.includes(': keep-alive'));
      expect(raw.match(/^event:/gm)).toHaveLength(1);
      // the supervisor's screen closes: the central must not keep feeding a stream no one reads
      controller.abort();
      await reader.cancel().catch(() => undefined);
      for (let i = 0; i < 100 && bus.subscriberCount() > 0; i += 1) await new Promise((r) => setImmediate(r));
      expect(bus.subscriberCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('one that changes nothing publishes nothing and keeps the step clock; a change, a return and a sweep each publish one tile', async () => {
    h = await createHarness();
    const bus = createInProcessLiveBus();
    const heard: LiveTile[] = [];
    bus.subscribe((c) => heard.push(c.tile));
    const app = createCentralAppWith(h.deps, bus);
    const kiosk = await h.enrollAnother('KIOSCO-C');
    const beat = async (over: Partial<Heartbeat>) => {
      const text = JSON.stringify(heartbeat(over));
      const path = '/api/v1/fleet/heartbeat';
      const authorization = await signRequest(kiosk, { method: 'POST', path, body: text }, h.clock.t);
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: text,
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { commands: { id: string }[] }).commands.map((c) => c.id);
    };
    const status = () =>
      h.store.db.selectFrom('kiosk_status').selectAll().where('kiosk_id', '=', 'KIOSCO-C').executeTakeFirstOrThrow();
    const onStep = { state: 'in_session' as const, step: 'identify' as const };
    await beat(onStep);
    const started = h.clock.t;
    for (let i = 0; i < 5; i += 1) {
      h.clock.t += 3_000;
      await beat(onStep);
    }
    expect(heard.map((t) => t.step)).toEqual(['identify']);
    expect([Number((await status()).last_seen), Number((await status()).since)]).toEqual([h.clock.t, started]);
    // a change of step restarts its clock; a change of the outbox alone is published too
    h.clock.t += 3_000;
    await beat({ ...onStep, step: 'email' });
    await beat({ ...onStep, step: 'email', outbox: { depth: 2, deadLetters: 0 } });
    expect(heard.map((t) => [t.step, t.outboxDepth, t.since])).toEqual([
      ['identify', 0, started],
      ['email', 0, h.clock.t],
      ['email', 2, h.clock.t],
    ]);
    // a node whose clock runs 11 s ahead sweeps it offline; this node still counts it online, yet
    // its next heartbeat must tell the supervisor it is back
    await createOfflineSweeper({ ...h.deps, now: () => h.clock.t + 11_000 }, bus).sweep();
    h.clock.t += 1_000;
    await beat({ ...onStep, step: 'email', outbox: { depth: 2, deadLetters: 0 } });
    expect(heard.slice(3).map((t) => t.online)).toEqual([false, true]);
    // and, with nothing changed since, the next one is quiet again
    h.clock.t += 3_000;
    await beat({ ...onStep, step: 'email', outbox: { depth: 2, deadLetters: 0 } });
    expect(heard).toHaveLength(5);
    // a command staff left comes with the next quiet heartbeat, once
    await h.store.db
      .insertInto('fleet_command')
      .values({
        id: 'cmd-0001',
        kiosk_id: 'KIOSCO-C',
        kind: 'session.end',
        help_id: null,
        staff_id: 'S001',
        created_at: h.clock.t,
        delivered_at: null,
      })
      .execute();
    const quiet = { ...onStep, step: 'email' as const, outbox: { depth: 2, deadLetters: 0 } };
    h.clock.t += 3_000;
    expect(await beat(quiet)).toEqual(['cmd-0001']);
    h.clock.t += 3_000;
    expect(await beat(quiet)).toEqual([]);
    expect(heard).toHaveLength(5);
  });
});
