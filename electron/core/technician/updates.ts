import type { UpdateStatus } from '../../contract/technician';

export type UpdateCommand = 'check' | 'install' | 'pause' | 'resume';
export type UpdateAnswer =
  | { ok: true; update: UpdateStatus }
  | {
      ok: false;
      reason: 'paused' | 'session-running' | 'nothing-downloaded' | 'busy' | 'disabled';
      update: UpdateStatus;
    };

/**
 * The updater as the core sees it: the Electron shell hands one in (electron/main/updater-start.ts);
 * the web host has none. Also the fact the supervision heartbeat may carry (`status()`).
 */
export interface UpdateControl {
  status(): UpdateStatus;
  command(command: UpdateCommand): UpdateAnswer;
}

const DISABLED: UpdateStatus = {
  enabled: false,
  paused: false,
  phase: 'none',
  version: null,
  lastCheckAt: null,
  lastFailure: null,
};

/** A shell without an updater (the web host, or no UPDATE_URL): says so, does nothing. */
export const noUpdates: UpdateControl = {
  status: () => DISABLED,
  command: () => ({ ok: false, reason: 'disabled', update: DISABLED }),
};

/** Whether a person is using the kiosk, for the update policy (the booted core's `activity()`). */
export type KioskActivity = { sessionActive: boolean; lastActivityAt: number };
