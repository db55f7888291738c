import type { KioskActivityState } from '../../../domain/fleet';

/** What one screen (terminal) is doing, as the fleet sees it: screen names and codes only. */
export type ScreenActivity = {
  /** the flow screen shown, null on the welcome */
  screen: string | null;
  /** unlocked as staff on this screen */
  staff: boolean;
  /** the last refusal's code on this screen */
  lastError: string | null;
};

/** The kiosk's activity for its heartbeat: one state and step for the whole kiosk. */
export type KioskActivity = {
  state: KioskActivityState;
  step: string | null;
  since: number;
  lastError: string | null;
};

/**
 * The most telling screen wins: a person's session over staff mode over an idle welcome (a kiosk
 * normally has one screen; the web host may have more). Offline wins over all: the banner is up.
 */
export function summarise(screens: readonly ScreenActivity[], reachable: boolean): Omit<KioskActivity, 'since'> {
  const lastError = screens.find((s) => s.lastError !== null)?.lastError ?? null;
  const person = screens.find((s) => s.screen !== null);
  const step = person?.screen ?? null;
  if (!reachable) return { state: 'offline', step, lastError };
  if (person) return { state: person.screen === 'locked' ? 'locked' : 'in_session', step, lastError };
  if (screens.some((s) => s.staff)) return { state: 'staff', step: null, lastError };
  return { state: 'idle', step: null, lastError };
}

/** Keeps each screen's activity and tells listeners when the kiosk's summary changed. */
export function createActivityBoard(now: () => number, reachable: () => boolean) {
  const screens = new Map<string, ScreenActivity>();
  const listeners = new Set<() => void>();
  let current: KioskActivity = { state: 'idle', step: null, since: now(), lastError: null };
  const recompute = () => {
    const next = summarise([...screens.values()], reachable());
    const moved = next.state !== current.state || next.step !== current.step;
    if (!moved && next.lastError === current.lastError) return;
    current = { ...next, since: moved ? now() : current.since };
    for (const listener of [...listeners]) listener();
  };
  return {
    current: (): KioskActivity => current,
    update(terminalId: string, change: Partial<ScreenActivity>): void {
      const before = screens.get(terminalId) ?? { screen: null, staff: false, lastError: null };
      screens.set(terminalId, { ...before, ...change });
      recompute();
    },
    remove(terminalId: string): void {
      screens.delete(terminalId);
      recompute();
    },
    /** the central's reachability changed */
    recheck: recompute,
    /** something outside the summary changed (a help request): heartbeat now */
    poke(): void {
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type ActivityBoard = ReturnType<typeof createActivityBoard>;
