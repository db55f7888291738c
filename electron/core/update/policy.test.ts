import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHECK_INTERVAL_MS,
  IDLE_BEFORE_INSTALL_MS,
  initialUpdateState,
  nextAction,
  reduce,
  requestCheck,
  requestInstall,
  withinWindow,
  type KioskFacts,
  type PolicySettings,
  type UpdateEvent,
  type UpdateState,
} from './policy';

const T0 = 1_800_000_000_000;
const settings: PolicySettings = {
  checkIntervalMs: DEFAULT_CHECK_INTERVAL_MS,
  maintenanceWindow: { startMinute: 2 * 60, endMinute: 5 * 60 },
};
const noon = 12 * 60;
const facts = (over: Partial<KioskFacts> = {}): KioskFacts => ({
  now: T0,
  localMinute: noon,
  sessionActive: false,
  lastActivityAt: T0 - 10 * 60_000,
  ...over,
});
const apply = (state: UpdateState, ...events: UpdateEvent[]) => events.reduce(reduce, state);
const downloaded = (version = '1.2.0') =>
  apply(
    initialUpdateState(),
    { type: 'check-started', at: T0 - 1000 },
    { type: 'check-found', version },
    { type: 'download-started', version },
    { type: 'download-finished', version },
  );

describe('update policy: when to install', () => {
  it('never installs mid-session: not when idle long, not in the maintenance window, not on a technician request', () => {
    const state = downloaded();
    expect(
      nextAction(state, facts({ sessionActive: true, lastActivityAt: T0 - 60 * 60_000 }), settings),
    ).not.toMatchObject({ do: 'install' });
    expect(nextAction(state, facts({ sessionActive: true, localMinute: 3 * 60 }), settings)).not.toMatchObject({
      do: 'install',
    });
    const asked = requestInstall(state, facts({ sessionActive: true }));
    expect(asked).toMatchObject({ ok: false, reason: 'session-running' });
    // a request accepted while idle is not honoured once a person starts a session
    const accepted = requestInstall(state, facts());
    expect(accepted.ok).toBe(true);
    expect(nextAction(accepted.state, facts({ sessionActive: true }), settings)).not.toMatchObject({ do: 'install' });
  });

  it('installs after two idle minutes with no session, and not a moment before', () => {
    const state = downloaded();
    expect(nextAction(state, facts({ lastActivityAt: T0 - IDLE_BEFORE_INSTALL_MS }), settings)).toEqual({
      do: 'install',
      version: '1.2.0',
    });
    expect(nextAction(state, facts({ lastActivityAt: T0 - IDLE_BEFORE_INSTALL_MS + 1 }), settings)).toEqual({
      do: 'nothing',
    });
  });

  it('installs inside the maintenance window without waiting for two idle minutes', () => {
    const state = downloaded();
    const justTouched = { lastActivityAt: T0 - 1000 };
    expect(nextAction(state, facts({ ...justTouched, localMinute: 3 * 60 }), settings)).toEqual({
      do: 'install',
      version: '1.2.0',
    });
    expect(nextAction(state, facts({ ...justTouched, localMinute: 5 * 60 }), settings)).toEqual({ do: 'nothing' });
    expect(
      nextAction(state, facts({ ...justTouched, localMinute: 3 * 60 }), { ...settings, maintenanceWindow: null }),
    ).toEqual({ do: 'nothing' });
  });

  it('reads a window that crosses midnight', () => {
    const w = { startMinute: 22 * 60, endMinute: 5 * 60 };
    expect([21 * 60 + 59, 22 * 60, 0, 4 * 60 + 59, 5 * 60].map((m) => withinWindow(w, m))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('a technician install-now installs a downloaded update while idle, even before two minutes', () => {
    const asked = requestInstall(downloaded(), facts({ lastActivityAt: T0 - 1000 }));
    expect(asked.ok).toBe(true);
    expect(nextAction(asked.state, facts({ lastActivityAt: T0 - 1000 }), settings)).toEqual({
      do: 'install',
      version: '1.2.0',
    });
    expect(requestInstall(initialUpdateState(), facts())).toMatchObject({ ok: false, reason: 'nothing-downloaded' });
  });
});

describe('update policy: pause wins', () => {
  it('a paused kiosk neither checks, downloads nor installs, and refuses technician requests until resumed', () => {
    const paused = reduce(downloaded(), { type: 'pause' });
    expect(nextAction(paused, facts({ localMinute: 3 * 60, lastActivityAt: 0 }), settings)).toEqual({ do: 'nothing' });
    expect(requestInstall(paused, facts())).toMatchObject({ ok: false, reason: 'paused' });
    expect(requestCheck(paused)).toMatchObject({ ok: false, reason: 'paused' });
    const available = reduce(apply(initialUpdateState(), { type: 'check-found', version: '2.0.0' }), { type: 'pause' });
    expect(nextAction(available, facts(), settings)).toEqual({ do: 'nothing' });
    expect(nextAction(reduce(initialUpdateState(), { type: 'pause' }), facts(), settings)).toEqual({ do: 'nothing' });
    expect(nextAction(reduce(paused, { type: 'resume' }), facts(), settings)).toEqual({
      do: 'install',
      version: '1.2.0',
    });
  });

  it('pausing drops an install a technician had asked for', () => {
    const asked = requestInstall(downloaded(), facts());
    const resumed = apply(asked.state, { type: 'pause' }, { type: 'resume' });
    expect(resumed.installRequested).toBe(false);
  });
});

describe('update policy: failures', () => {
  it('reports a failed install and does not retry it on its own, tick after tick', () => {
    let state = apply(
      downloaded(),
      { type: 'install-started', version: '1.2.0' },
      { type: 'failed', step: 'install', error: 'EACCES', at: T0 },
    );
    expect(state.lastFailure).toEqual({ step: 'install', version: '1.2.0', error: 'EACCES', at: T0 });
    const actions = [];
    for (let minute = 1; minute <= 24 * 60; minute += 7) {
      const action = nextAction(state, facts({ now: T0 + minute * 60_000, localMinute: minute % (24 * 60) }), settings);
      actions.push(action.do);
      if (action.do === 'check')
        state = apply(
          state,
          { type: 'check-started', at: T0 + minute * 60_000 },
          { type: 'check-found', version: '1.2.0' },
        );
      if (action.do === 'download')
        state = apply(
          state,
          { type: 'download-started', version: '1.2.0' },
          { type: 'download-finished', version: '1.2.0' },
        );
    }
    expect(actions).not.toContain('install');
    // it still looks for a fixed release on schedule, which may then be installed
    expect(actions).toContain('check');
    const fixed = apply(
      state,
      { type: 'check-started', at: T0 },
      { type: 'check-found', version: '1.2.1' },
      { type: 'download-finished', version: '1.2.1' },
    );
    expect(nextAction(fixed, facts(), settings)).toEqual({ do: 'install', version: '1.2.1' });
  });

  it('lets a technician try a failed install again, once per request', () => {
    const failed = apply(
      downloaded(),
      { type: 'install-started', version: '1.2.0' },
      { type: 'failed', step: 'install', error: 'x', at: T0 },
    );
    const asked = requestInstall(failed, facts());
    expect(nextAction(asked.state, facts(), settings)).toEqual({ do: 'install', version: '1.2.0' });
    const failedAgain = apply(
      asked.state,
      { type: 'install-started', version: '1.2.0' },
      { type: 'failed', step: 'install', error: 'x', at: T0 },
    );
    expect(nextAction(failedAgain, facts(), settings)).toEqual({ do: 'nothing' });
  });

  it('waits for the next scheduled check after a failed check or download instead of hammering the server', () => {
    const failed = apply(
      initialUpdateState(),
      { type: 'check-started', at: T0 },
      { type: 'failed', step: 'check', error: 'ECONNREFUSED', at: T0 },
    );
    expect(nextAction(failed, facts({ now: T0 + 60_000 }), settings)).toEqual({ do: 'nothing' });
    expect(nextAction(failed, facts({ now: T0 + DEFAULT_CHECK_INTERVAL_MS }), settings)).toEqual({ do: 'check' });
    expect(failed.lastFailure).toMatchObject({ step: 'check', error: 'ECONNREFUSED' });
  });
});

describe('update policy: checking and downloading', () => {
  it('checks at start, then on schedule or when a technician asks', () => {
    expect(nextAction(initialUpdateState(), facts(), settings)).toEqual({ do: 'check' });
    const checked = apply(initialUpdateState(), { type: 'check-started', at: T0 }, { type: 'check-found-nothing' });
    expect(nextAction(checked, facts({ now: T0 + 60_000 }), settings)).toEqual({ do: 'nothing' });
    const asked = requestCheck(checked);
    expect(nextAction(asked.state, facts({ now: T0 + 60_000 }), settings)).toEqual({ do: 'check' });
  });

  it('downloads what a check found, even mid-session (a download interrupts no one)', () => {
    const found = apply(
      initialUpdateState(),
      { type: 'check-started', at: T0 },
      { type: 'check-found', version: '1.3.0' },
    );
    expect(nextAction(found, facts({ sessionActive: true }), settings)).toEqual({ do: 'download', version: '1.3.0' });
  });

  it('starts nothing while a check, download or install is under way', () => {
    for (const phase of [
      { kind: 'checking' },
      { kind: 'downloading', version: '1' },
      { kind: 'installing', version: '1' },
    ] as const) {
      expect(nextAction({ ...initialUpdateState(), phase, checkRequested: true }, facts(), settings)).toEqual({
        do: 'nothing',
      });
    }
  });
});
