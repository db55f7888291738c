/**
 * When the kiosk may check for, download and install an update. Pure: the updater adapter feeds
 * it facts (clock, session, last touch) and events, and does what it answers.
 *
 * Why these rules: an install restarts the app, which would throw away a person's trámite half
 * done; a technician must be able to stop a bad release on one kiosk at once; and an install
 * that fails once will very likely fail again, so looping on it would restart the kiosk forever.
 */

/** Minutes since local midnight, both ends inclusive of start and exclusive of end; may cross midnight. */
export type MaintenanceWindow = { startMinute: number; endMinute: number };

export const IDLE_BEFORE_INSTALL_MS = 2 * 60_000;
export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60_000;

export type UpdatePhase =
  | { kind: 'none' }
  | { kind: 'checking' }
  | { kind: 'available'; version: string }
  | { kind: 'downloading'; version: string }
  | { kind: 'downloaded'; version: string }
  | { kind: 'installing'; version: string };

export type UpdateStep = 'check' | 'download' | 'install';
export type UpdateFailure = { step: UpdateStep; version: string | null; error: string; at: number };

export type UpdateState = {
  paused: boolean;
  phase: UpdatePhase;
  lastCheckAt: number | null;
  /** Shown to the technician and sent in the heartbeat; never acted on automatically. */
  lastFailure: UpdateFailure | null;
  /** Versions whose install failed: never installed again unless a technician asks. */
  failedInstalls: readonly string[];
  /** A technician asked for a check that has not started yet. */
  checkRequested: boolean;
  /** A technician asked to install now; honoured only while no session runs. */
  installRequested: boolean;
};

export type KioskFacts = {
  now: number;
  /** Minutes since local midnight on the kiosk's clock, for the maintenance window. */
  localMinute: number;
  sessionActive: boolean;
  lastActivityAt: number;
};

export type PolicySettings = {
  checkIntervalMs: number;
  maintenanceWindow: MaintenanceWindow | null;
};

export type UpdateAction =
  { do: 'nothing' } | { do: 'check' } | { do: 'download'; version: string } | { do: 'install'; version: string };

export type UpdateEvent =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'check-started'; at: number }
  | { type: 'check-found'; version: string }
  | { type: 'check-found-nothing' }
  | { type: 'download-started'; version: string }
  | { type: 'download-finished'; version: string }
  | { type: 'install-started'; version: string }
  | { type: 'failed'; step: UpdateStep; error: string; at: number };

export type TechnicianRefusal = 'paused' | 'session-running' | 'nothing-downloaded' | 'busy';
export type TechnicianAnswer =
  { ok: true; state: UpdateState } | { ok: false; reason: TechnicianRefusal; state: UpdateState };

export const initialUpdateState = (): UpdateState => ({
  paused: false,
  phase: { kind: 'none' },
  lastCheckAt: null,
  lastFailure: null,
  failedInstalls: [],
  checkRequested: false,
  installRequested: false,
});

export function withinWindow(window: MaintenanceWindow | null, minute: number): boolean {
  if (!window || window.startMinute === window.endMinute) return false;
  if (window.startMinute < window.endMinute) return minute >= window.startMinute && minute < window.endMinute;
  // crosses midnight, e.g. 22:00–05:00
  return minute >= window.startMinute || minute < window.endMinute;
}

/** No person is using the kiosk and the moment suits a restart. */
export function installMomentOk(facts: KioskFacts, settings: PolicySettings): boolean {
  // never mid-session, not even inside the maintenance window: a person may be at the screen
  if (facts.sessionActive) return false;
  return (
    facts.now - facts.lastActivityAt >= IDLE_BEFORE_INSTALL_MS ||
    withinWindow(settings.maintenanceWindow, facts.localMinute)
  );
}

export function nextAction(state: UpdateState, facts: KioskFacts, settings: PolicySettings): UpdateAction {
  // a paused kiosk does nothing at all, whatever else was asked: that is how a bad release is stopped
  if (state.paused) return { do: 'nothing' };
  const phase = state.phase;
  if (phase.kind === 'checking' || phase.kind === 'downloading' || phase.kind === 'installing')
    return { do: 'nothing' };
  if (phase.kind === 'available') return { do: 'download', version: phase.version };
  if (phase.kind === 'downloaded' && !facts.sessionActive) {
    if (state.installRequested) return { do: 'install', version: phase.version };
    if (!state.failedInstalls.includes(phase.version) && installMomentOk(facts, settings))
      return { do: 'install', version: phase.version };
  }
  const due = state.lastCheckAt === null || facts.now - state.lastCheckAt >= settings.checkIntervalMs;
  if (state.checkRequested || due) return { do: 'check' };
  return { do: 'nothing' };
}

const versionOf = (phase: UpdatePhase): string | null => ('version' in phase ? phase.version : null);

export function reduce(state: UpdateState, event: UpdateEvent): UpdateState {
  switch (event.type) {
    case 'pause':
      return { ...state, paused: true, checkRequested: false, installRequested: false };
    case 'resume':
      return { ...state, paused: false };
    case 'check-started':
      return { ...state, phase: { kind: 'checking' }, lastCheckAt: event.at, checkRequested: false };
    case 'check-found':
      return { ...state, phase: { kind: 'available', version: event.version } };
    case 'check-found-nothing':
      return { ...state, phase: { kind: 'none' } };
    case 'download-started':
      return { ...state, phase: { kind: 'downloading', version: event.version } };
    case 'download-finished':
      return { ...state, phase: { kind: 'downloaded', version: event.version } };
    case 'install-started':
      return { ...state, phase: { kind: 'installing', version: event.version }, installRequested: false };
    case 'failed': {
      const version = versionOf(state.phase);
      const lastFailure: UpdateFailure = { step: event.step, version, error: event.error, at: event.at };
      if (event.step === 'install' && version !== null) {
        // the file stays downloaded, but only a technician's "install now" may try it again
        const failedInstalls = state.failedInstalls.includes(version)
          ? state.failedInstalls
          : [...state.failedInstalls, version];
        return {
          ...state,
          phase: { kind: 'downloaded', version },
          failedInstalls,
          lastFailure,
          installRequested: false,
        };
      }
      // a failed check or download waits for the next scheduled check (lastCheckAt was set when it started)
      return { ...state, phase: { kind: 'none' }, lastFailure };
    }
  }
}

/** A technician's "check now": runs at the next tick unless updates are paused. */
export function requestCheck(state: UpdateState): TechnicianAnswer {
  if (state.paused) return { ok: false, reason: 'paused', state };
  return { ok: true, state: { ...state, checkRequested: true } };
}

/** A technician's "install now": only a downloaded update, only while no person's session runs. */
export function requestInstall(state: UpdateState, facts: KioskFacts): TechnicianAnswer {
  if (state.paused) return { ok: false, reason: 'paused', state };
  if (state.phase.kind === 'installing') return { ok: false, reason: 'busy', state };
  if (state.phase.kind !== 'downloaded') return { ok: false, reason: 'nothing-downloaded', state };
  if (facts.sessionActive) return { ok: false, reason: 'session-running', state };
  return { ok: true, state: { ...state, installRequested: true } };
}
