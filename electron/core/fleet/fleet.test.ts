import { afterEach, describe, expect, it } from 'vitest';
import { createCentralClient } from '../../../central/client';
import { createHarness } from '../../../central/server/testkit';
import type { EventName } from '../../contract/calls';
import type { FlowView } from '../../contract/flow';
import type { Result } from '../../contract/result';
import { readConfig } from '../config';
import { createManualClock, openTestParts, PEDRO, rightAnswersOf, seedOf, wrapCentral } from '../flow/testing';
import { createKioskCore } from '../kiosk';
import { summarise } from './activity';
import { buildHeartbeat } from './heartbeat';
import { withFleet } from './index';

const presence = { trusted: true, via: 'pointer', elapsedMs: 900 };
const OFFICE = 'IESS Cuenca';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`unexpected error ${result.error.code}`);
  return result.value as T;
};

async function setup() {
  const reference = await createHarness({
    seed: { ...seedOf([PEDRO]), staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }] },
  });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const parts = await openTestParts({ client: central.client, now: clock.now });
  const read = readConfig({ KIOSK_ID: reference.kiosk.kioskId, KIOSK_OFFICE: OFFICE });
  if (!read.ok) throw new Error(read.problems.join(', '));
  const inner = createKioskCore({
    config: read.config,
    parts,
    centralPublicUrl: 'http://central.test/',
    now: clock.now,
    schedule: clock.schedule,
  });
  const client = createCentralClient({
    baseUrl: 'http://central.test',
    identity: reference.kiosk,
    now: clock.now,
    fetch: async (input, init) => reference.app.request(String(input), init),
  });
  const fleet = withFleet({
    core: inner,
    central: parts.central,
    client,
    outbox: parts.outbox,
    kioskId: read.config.kioskId,
    office: OFFICE,
    version: '0.1.0',
    role: 'kiosk',
    now: clock.now,
  });
  cleanups.push(
    () => parts.close(),
    () => fleet.core.close(),
  );
  const terminal = fleet.core.openTerminal();
  const events: { event: EventName; payload: unknown }[] = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  const heartbeat = () =>
    buildHeartbeat({
      central: parts.central,
      board: fleet.board,
      outbox: parts.outbox,
      office: OFFICE,
      version: '0.1.0',
      pendingHelp: () => inner.pendingHelpRequests()[0] ?? null,
      onCommand: async () => undefined,
      log: () => undefined,
    });
  return { reference, clock, fleet, terminal, events, heartbeat, parts };
}

describe('the kiosk state a heartbeat reports', () => {
  it('a person session wins over staff mode and idle; offline wins over all', () => {
    const idle = { screen: null, staff: false, lastError: null };
    expect(summarise([idle], true)).toEqual({ state: 'idle', step: null, lastError: null });
    expect(summarise([{ ...idle, staff: true }], true).state).toBe('staff');
    expect(
      summarise(
        [
          { ...idle, staff: true },
          { ...idle, screen: 'email' },
        ],
        true,
      ),
    ).toEqual({
      state: 'in_session',
      step: 'email',
      lastError: null,
    });
    expect(summarise([{ ...idle, screen: 'locked' }], true).state).toBe('locked');
    expect(summarise([{ ...idle, screen: 'email' }], false).state).toBe('offline');
  });
});

describe('heartbeats through a flow', () => {
  it('carry step names and counts, never anything the person typed, and reach the central', async () => {
    const { terminal, heartbeat, fleet, reference } = await setup();
    const typed: string[] = [PEDRO.id];
    const seen: string[] = [JSON.stringify(await heartbeat())];
    await terminal.handle('session.start', { kind: 'generate' });
    seen.push(JSON.stringify(await heartbeat()));
    const challenge = valueOf<Extract<FlowView, { screen: 'challenge' }>>(
      await terminal.handle('session.advance', { step: 'identify', idType: 'cedula', id: PEDRO.id, presence }),
    );
    seen.push(JSON.stringify(await heartbeat()));
    const answers = rightAnswersOf(PEDRO, challenge.questions);
    for (const a of answers.answers) typed.push(a.answer);
    await terminal.handle('session.advance', answers);
    seen.push(JSON.stringify(await heartbeat()));
    await terminal.handle('session.advance', { step: 'confirmIdentity' });
    const bank = valueOf<Extract<FlowView, { screen: 'securityQuestions' }>>(await terminal.handle('session.view', {}));
    const securityAnswers = bank.bank.slice(0, 3).map((q, i) => ({ questionId: q.id, answer: `Respuesta${i}Secreta` }));
    typed.push(...securityAnswers.map((a) => a.answer));
    await terminal.handle('session.advance', { step: 'securityQuestions', answers: securityAnswers });
    const images = valueOf<Extract<FlowView, { screen: 'securityImage' }>>(await terminal.handle('session.view', {}));
    await terminal.handle('session.advance', { step: 'securityImage', imageId: images.images[0]! });
    const email = 'pedro.typed@example.com';
    const mobile = '0991234567';
    typed.push(email, mobile);
    const emailStep = await terminal.handle('session.advance', {
      step: 'email',
      mode: 'register',
      email,
      confirm: email,
      mobile,
    });
    expect(valueOf<FlowView>(emailStep).screen).toBe('confirmEmail');
    await terminal.handle('help.request', { screen: 'confirmEmail' });
    const last = await heartbeat();
    seen.push(JSON.stringify(last));
    expect(last).toMatchObject({ state: 'in_session', step: 'confirmEmail', office: OFFICE });
    expect(last.help?.screen).toBe('confirmEmail');
    for (const body of seen) for (const value of typed) expect(body).not.toContain(value);

    await fleet.heartbeat!.beat();
    const row = await reference.store.db.selectFrom('kiosk_status').selectAll().executeTakeFirstOrThrow();
    expect([row.state, row.step, row.help_screen]).toEqual(['in_session', 'confirmEmail', 'confirmEmail']);
    expect(JSON.stringify(row)).not.toContain(PEDRO.id);
  });

  it('"Atender" at the central reaches the screen that asked; a remote end session sends it back to the welcome', async () => {
    const { terminal, fleet, reference, events } = await setup();
    await terminal.handle('session.start', { kind: 'generate' });
    await terminal.handle('help.request', { screen: 'identify' });
    await fleet.heartbeat!.beat();
    const helpId = (await reference.store.db.selectFrom('kiosk_status').select('help_id').executeTakeFirstOrThrow())
      .help_id!;
    const staff = await reference.call(
      '/api/v1/fleet/staff/session',
      { pin: '482915', office: OFFICE },
      { 'x-kiosk-id': 'SUP' },
    );
    const token = ((await staff.json()) as { token: string }).token;
    const attend = await reference.call(
      '/api/v1/fleet/help/attend',
      { session: token, kioskId: reference.kiosk.kioskId, helpId },
      { 'x-kiosk-id': 'SUP' },
    );
    expect(await attend.json()).toEqual({ attended: true });
    await fleet.heartbeat!.beat();
    expect(events.map((e) => e.event)).toContain('help.acknowledged');

    await reference.call(
      '/api/v1/fleet/session/end',
      { session: token, kioskId: reference.kiosk.kioskId },
      { 'x-kiosk-id': 'SUP' },
    );
    await fleet.heartbeat!.beat();
    expect(events.at(-1)).toEqual({ event: 'session.changed', payload: null });
    expect(valueOf(await terminal.handle('session.view', {}))).toBeNull();
    expect(fleet.board.current().state).toBe('idle');
  });

  it('a queja goes through the outbox with its category, and a supervisor call on a kiosk screen needs the staff PIN', async () => {
    const { terminal, parts, reference } = await setup();
    expect(valueOf(await terminal.handle('queja.report', { category: 'slow', text: '  ', step: 'done' }))).toEqual({
      queued: true,
    });
    const denied = await terminal.handle('supervision.watch', {});
    expect(denied.ok ? 'ok' : denied.error.code).toBe('staff_required');
    await parts.outbox.idle();
    const { eventually } = await import('../flow/testing');
    await eventually('the queja reached the central', async () => {
      const rows = await reference.store.db.selectFrom('queja').selectAll().execute();
      return rows.length === 1 && rows[0]!.category === 'slow' && rows[0]!.text === null;
    });
  });
});
