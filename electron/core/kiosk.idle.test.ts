/**
 * The core ends an idle session itself (DESIGN §6), even when the renderer never says so, and
 * the person's data goes with it. The clock does not run while a help request is open or while
 * the person is on their phone with a live activation link; typing screens wait longer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../central/server/testkit';
import type { EventName } from '../contract/calls';
import type { FlowView } from '../contract/flow';
import type { Result } from '../contract/result';
import { readConfig } from './config';
import { CORE_IDLE_GRACE_MS } from './flow/idle';
import { createManualClock, openTestParts, PEDRO, rightAnswersOf, seedOf, wrapCentral } from './flow/testing';
import { createKioskCore } from './kiosk';

const presence = { trusted: true, via: 'pointer', elapsedMs: 900 } as const;
const RESET_MS = 60_000; // KIOSK_IDLE_RESET_SECONDS default
const TYPING_RESET_MS = 150_000; // typing screens: warning at 120 s, 30 s to answer

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const reference = await createHarness({ seed: seedOf([PEDRO]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const parts = await openTestParts({ client: central.client, now: clock.now });
  const read = readConfig({ KIOSK_ID: 'KIOSCO-07' });
  if (!read.ok) throw new Error(read.problems.join(', '));
  const logs: string[] = [];
  const core = createKioskCore({
    config: read.config,
    parts,
    centralPublicUrl: 'http://central.test/',
    now: clock.now,
    schedule: clock.schedule,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
  });
  cleanups.push(
    () => parts.close(),
    () => core.close(),
  );
  const terminal = core.openTerminal();
  const events: { event: EventName; payload: unknown }[] = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  return { clock, core, terminal, events, logs, reference };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`unexpected error ${result.error.code}`);
  return result.value as T;
};
const screenOf = async (t: Setup) => valueOf<FlowView | null>(await t.terminal.handle('session.view', {}))?.screen;

/** A session on the identity confirm: Pedro's masked name and grant are in the core's memory. */
async function atConfirmIdentity(t: Setup) {
  await t.terminal.handle('session.start', { kind: 'generate' });
  const challenge = valueOf<Extract<FlowView, { screen: 'challenge' }>>(
    await t.terminal.handle('session.advance', { step: 'identify', idType: 'cedula', id: PEDRO.id, presence }),
  );
  valueOf(await t.terminal.handle('session.advance', rightAnswersOf(PEDRO, challenge.questions)));
}

describe('idle reset enforced by the core', () => {
  it('ends a session idle past the reset time though the renderer never says so, and forgets the person', async () => {
    const t = await setup();
    await atConfirmIdentity(t);
    expect(t.core.activity().sessionActive).toBe(true);
    const touchedAt = t.core.activity().lastActivityAt;
    expect(touchedAt).toBe(t.clock.now());
    // just before the limit (and the core's grace after the renderer's own reset): still there
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS - 1);
    expect(t.core.activity().sessionActive).toBe(true);
    t.clock.advance(1);
    expect(t.core.activity()).toEqual({ sessionActive: false, lastActivityAt: touchedAt });
    expect(t.events.filter((e) => e.event === 'session.changed').map((e) => e.payload)).toEqual([null]);
    expect(t.logs.join('\n')).toContain('session.idle_reset');
    // the person is gone: no view, no personal rule in the live check
    expect(await screenOf(t)).toBeUndefined();
    const check = valueOf<{ broken: string[] }>(
      await t.terminal.handle('password.check', { password: `Z${PEDRO.id}`, repeat: '' }),
    );
    expect(check.broken).not.toContain('personal');
  });

  it('any call from the screen, and a touch, start the clock again', async () => {
    const t = await setup();
    await atConfirmIdentity(t);
    t.clock.advance(RESET_MS - 1_000);
    valueOf(await t.terminal.handle('session.touch', {}));
    t.clock.advance(RESET_MS - 1_000);
    expect(await screenOf(t)).toBe('confirmIdentity'); // session.view is a call too
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS);
    expect(t.core.activity().sessionActive).toBe(false);
  });

  it('waits longer on a typing screen, as the renderer does', async () => {
    const t = await setup();
    await atConfirmIdentity(t);
    expect(valueOf<FlowView>(await t.terminal.handle('session.advance', { step: 'confirmIdentity' })).screen).toBe(
      'securityQuestions',
    );
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS + 1_000);
    expect(t.core.activity().sessionActive).toBe(true);
    t.clock.advance(TYPING_RESET_MS - RESET_MS);
    expect(t.core.activity().sessionActive).toBe(false);
  });

  it('does not run while a help request is open; runs again once staff answer', async () => {
    const t = await setup();
    await atConfirmIdentity(t);
    valueOf(await t.terminal.handle('help.request', { screen: 'confirmIdentity' }));
    for (let i = 0; i < 10; i++) t.clock.advance(RESET_MS);
    expect(t.core.activity().sessionActive).toBe(true);
    const [request] = t.core.pendingHelpRequests();
    expect(t.core.acknowledgeHelp(request!.id)).toBe(true);
    expect(await screenOf(t)).toBe('confirmIdentity');
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS);
    expect(t.core.activity().sessionActive).toBe(false);
  });

  it('does not run while the person is on their phone with a live link; runs from its expiry', async () => {
    const t = await setup();
    await atConfirmIdentity(t);
    const advance = async (input: Record<string, unknown>) =>
      valueOf<FlowView>(await t.terminal.handle('session.advance', input)).screen;
    await advance({ step: 'confirmIdentity' });
    await advance({
      step: 'securityQuestions',
      answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'Firulais' })),
    });
    await advance({ step: 'securityImage', imageId: 'condor' });
    const email = 'pedro.idle@example.com';
    await advance({ step: 'email', mode: 'register', email, confirm: email, mobile: '0991234567' });
    const wait = valueOf<Extract<FlowView, { screen: 'activation' }>>(
      await t.terminal.handle('session.advance', { step: 'confirmEmail' }),
    );
    expect(wait.screen).toBe('activation');
    // the link lives 180 s: three idle limits pass while the person is on the phone
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS + 1);
    t.clock.advance(RESET_MS + CORE_IDLE_GRACE_MS + 1);
    expect(t.core.activity().sessionActive).toBe(true);
    while (t.clock.now() < wait.expiresAt) t.clock.advance(1_000);
    // expired by the clock: from now on the reset time counts again, not from the last tap
    t.clock.advance(RESET_MS);
    expect(t.core.activity().sessionActive).toBe(true);
    for (let i = 0; i < 10; i++) t.clock.advance(1_000);
    expect(t.core.activity().sessionActive).toBe(false);
  });

  it('a screen with no session is never "ended", and staff screens are not a session', async () => {
    const t = await setup();
    t.clock.advance(10 * RESET_MS);
    expect(t.core.activity()).toMatchObject({ sessionActive: false });
    expect(t.events).toEqual([]);
  });
});
