import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../central/server/testkit';
import type { EventName } from '../contract/calls';
import type { FlowView } from '../contract/flow';
import type { Result } from '../contract/result';
import { readConfig, type KioskConfig } from './config';
import { createManualClock, openTestParts, PEDRO, rightAnswersOf, seedOf, wrapCentral } from './flow/testing';
import { createKioskCore } from './kiosk';

const presence = { trusted: true, via: 'pointer', elapsedMs: 900 };
const pedro = PEDRO;

function config(): KioskConfig {
  const read = readConfig({ KIOSK_ID: 'KIOSCO-07', KIOSK_OFFICE: 'IESS Cuenca' });
  if (!read.ok) throw new Error(read.problems.join(', '));
  return read.config;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(extra: Partial<Parameters<typeof createKioskCore>[0]> = {}) {
  const reference = await createHarness({ seed: seedOf([pedro]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const logs: string[] = [];
  const parts = await openTestParts({ client: central.client, now: clock.now });
  const core = createKioskCore({
    config: config(),
    parts,
    centralPublicUrl: 'http://central.test/',
    now: clock.now,
    schedule: clock.schedule,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
    ...extra,
  });
  cleanups.push(
    () => parts.close(),
    () => core.close(),
  );
  const terminal = core.openTerminal();
  const events: { event: EventName; payload: unknown }[] = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  return { clock, central, logs, core, terminal, events };
}

const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`unexpected error ${result.error.code}`);
  return result.value as T;
};
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

async function identifyAndVerify(terminal: Awaited<ReturnType<typeof setup>>['terminal']) {
  const challenge = valueOf<Extract<FlowView, { screen: 'challenge' }>>(
    await terminal.handle('session.advance', { step: 'identify', idType: 'cedula', id: pedro.id, presence }),
  );
  return terminal.handle('session.advance', rightAnswersOf(pedro, challenge.questions));
}

describe('kiosk core', () => {
  it('answers app.info from the configuration', async () => {
    const { terminal } = await setup();
    expect(valueOf(await terminal.handle('app.info', {}))).toEqual({
      kioskId: 'KIOSCO-07',
      officeName: 'IESS Cuenca',
      version: '0.1.0',
      locale: 'es-EC',
      idleWarnSeconds: 45,
      idleResetSeconds: 60,
      role: 'kiosk',
      centralReachable: true,
      audioRoute: 'speaker',
      speechKey: 'F9',
    });
  });

  it('says which role the process was started as, so a staff window opens on the PIN', async () => {
    const { terminal } = await setup({ role: 'technician' });
    expect(valueOf<{ role: string }>(await terminal.handle('app.info', {})).role).toBe('technician');
  });

  it('starts, shows, cancels and forgets a session', async () => {
    const { terminal, logs } = await setup();
    expect(valueOf(await terminal.handle('session.view', {}))).toBeNull();
    expect(codeOf(await terminal.handle('session.advance', { step: 'confirmIdentity' }))).toBe('no_session');
    expect(valueOf(await terminal.handle('session.start', { kind: 'generate' }))).toEqual({
      kind: 'generate',
      progress: { step: 2, total: 11 },
      screen: 'identify',
    });
    expect(valueOf<FlowView>(await identifyAndVerify(terminal)).screen).toBe('confirmIdentity');
    expect(valueOf(await terminal.handle('session.cancel', { reason: 'idle' }))).toEqual({ ended: true });
    expect(valueOf(await terminal.handle('session.view', {}))).toBeNull();
    expect(valueOf(await terminal.handle('session.cancel', { reason: 'user' }))).toEqual({ ended: false });
    expect(logs.join('\n')).not.toContain(pedro.id);
  });

  it('replaces the session on a new start', async () => {
    const { terminal } = await setup();
    await terminal.handle('session.start', { kind: 'generate' });
    await identifyAndVerify(terminal);
    expect(valueOf<FlowView>(await terminal.handle('session.start', { kind: 'employer' })).screen).toBe(
      'employerIdentify',
    );
    expect(valueOf<FlowView>(await terminal.handle('session.view', {})).screen).toBe('employerIdentify');
  });

  it('checks a password against the session person only while there is one', async () => {
    const { terminal } = await setup();
    const typed = { password: `Z${pedro.id}`, repeat: `Z${pedro.id}` };
    const without = valueOf<{ broken: string[] }>(await terminal.handle('password.check', typed));
    expect(without.broken).not.toContain('personal');
    await terminal.handle('session.start', { kind: 'generate' });
    await identifyAndVerify(terminal);
    const withPerson = valueOf<{ broken: string[] }>(await terminal.handle('password.check', typed));
    expect(withPerson.broken).toContain('personal');
  });

  it('shares the BUSCAR limit between the terminals of the kiosk', async () => {
    const { core, terminal } = await setup();
    const other = core.openTerminal();
    await terminal.handle('session.start', { kind: 'recover' });
    await other.handle('session.start', { kind: 'recover' });
    for (let i = 0; i < 10; i++) {
      const t = i % 2 === 0 ? terminal : other;
      expect(
        codeOf(await t.handle('session.advance', { step: 'identify', idType: 'cedula', id: pedro.id, presence })),
      ).toBe('no_password_yet');
    }
    const refused = await other.handle('session.advance', {
      step: 'identify',
      idType: 'cedula',
      id: pedro.id,
      presence,
    });
    expect(refused).toEqual({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: 60 } });
  });

  it('takes the BUSCAR limit from the configuration', async () => {
    const { terminal } = await setup({ config: { ...config(), lookupsPerMinute: 3 } });
    await terminal.handle('session.start', { kind: 'recover' });
    const identify = () =>
      terminal.handle('session.advance', { step: 'identify', idType: 'cedula', id: pedro.id, presence });
    for (let i = 0; i < 3; i++) expect(codeOf(await identify())).toBe('no_password_yet');
    expect(codeOf(await identify())).toBe('rate_limited');
  });

  it('switches kind keeping what was typed', async () => {
    const { terminal } = await setup();
    await terminal.handle('session.start', { kind: 'recover' });
    expect(
      codeOf(await terminal.handle('session.advance', { step: 'identify', idType: 'cedula', id: pedro.id, presence })),
    ).toBe('no_password_yet');
    const view = valueOf<FlowView>(await terminal.handle('session.switchKind', { kind: 'generate' }));
    expect(view).toMatchObject({ kind: 'generate', screen: 'challenge' });
  });

  it('queues help requests for the supervisor and tells the terminal when staff answer', async () => {
    const { core, terminal, clock, events } = await setup();
    const { requestedAt } = valueOf<{ requestedAt: number }>(
      await terminal.handle('help.request', { screen: 'challenge' }),
    );
    expect(requestedAt).toBe(clock.now());
    const [pending] = core.pendingHelpRequests();
    expect(pending).toMatchObject({ screen: 'challenge', requestedAt });
    expect(core.acknowledgeHelp('nope')).toBe(false);
    clock.set(clock.now() + 5000);
    expect(core.acknowledgeHelp(pending!.id)).toBe(true);
    expect(events).toEqual([{ event: 'help.acknowledged', payload: { at: requestedAt + 5000 } }]);
    expect(core.pendingHelpRequests()).toEqual([]);
  });

  it('closing a terminal ends its session, its timers and its help requests', async () => {
    const { core, terminal, clock } = await setup();
    await terminal.handle('session.start', { kind: 'generate' });
    await terminal.handle('help.request', { screen: 'identify' });
    expect(clock.pending()).toBe(2); // the session's expiry and the core's idle clock
    await terminal.close();
    expect(clock.pending()).toBe(0);
    expect(core.pendingHelpRequests()).toEqual([]);
    await core.close();
  });

  it('emits session.changed when the session expires by itself', async () => {
    const { terminal, clock, events } = await setup();
    await terminal.handle('session.start', { kind: 'generate' });
    clock.advance(15 * 60_000);
    expect(events).toEqual([{ event: 'session.changed', payload: null }]);
    expect(valueOf(await terminal.handle('session.view', {}))).toBeNull();
  });
});
