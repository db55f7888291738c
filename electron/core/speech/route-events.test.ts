import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../../central/server/testkit';
import type { AudioRoute, EventName } from '../../contract/calls';
import type { Result } from '../../contract/result';
import { readConfig } from '../config';
import { createManualClock, openTestParts, PEDRO, seedOf, wrapCentral } from '../flow/testing';
import { createKioskCore } from '../kiosk';
import type { AudioRouteSource } from './audio-route';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A route a test moves by hand, as a plug going in and out of the jack. */
function manualRoute(start: AudioRoute) {
  let route = start;
  const listeners = new Set<(r: AudioRoute) => void>();
  const source: AudioRouteSource = {
    current: () => route,
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    close: () => listeners.clear(),
  };
  const move = (next: AudioRoute) => {
    route = next;
    for (const listener of listeners) listener(next);
  };
  return { source, move };
}

async function kiosk(env: Record<string, string>, audioRoute?: AudioRouteSource) {
  const reference = await createHarness({ seed: seedOf([PEDRO]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const parts = await openTestParts({ client: wrapCentral(reference, clock.now).client, now: clock.now });
  const read = readConfig(env);
  if (!read.ok) throw new Error(read.problems.join(', '));
  const core = createKioskCore({
    config: read.config,
    parts,
    centralPublicUrl: 'http://central.test/',
    now: clock.now,
    schedule: clock.schedule,
    ...(audioRoute ? { audioRoute } : {}),
  });
  cleanups.push(
    () => parts.close(),
    () => core.close(),
  );
  return core;
}

const info = async (core: Awaited<ReturnType<typeof kiosk>>) => {
  const result: Result<unknown> = await core.openTerminal().handle('app.info', {});
  if (!result.ok) throw new Error(result.error.code);
  return result.value as { audioRoute: AudioRoute; speechKey: string };
};

describe('the audio route and the speech key reach every screen through the contract', () => {
  it('with no route source the core says speaker (nothing personal is spoken), with the configured key', async () => {
    const core = await kiosk({ KIOSK_SPEECH_KEY: 'Help' });
    expect(await info(core)).toMatchObject({ audioRoute: 'speaker', speechKey: 'Help' });
  });

  it('a plug in the jack is told to every open screen, and app.info tells the current route', async () => {
    const jack = manualRoute('speaker');
    const core = await kiosk({}, jack.source);
    const heard: { screen: number; event: EventName; payload: unknown }[] = [];
    for (const screen of [1, 2]) {
      core.openTerminal().onEvent((event, payload) => heard.push({ screen, event, payload }));
    }
    jack.move('headphones');
    expect(heard.filter((h) => h.event === 'speech.route')).toEqual([
      { screen: 1, event: 'speech.route', payload: { route: 'headphones' } },
      { screen: 2, event: 'speech.route', payload: { route: 'headphones' } },
    ]);
    expect((await info(core)).audioRoute).toBe('headphones');
  });
});
