import type { StaffRole } from '../../../domain/vocabulary';
import { ok, type Result } from '../../contract/result';
import type { Cancel, LogFn, Schedule } from '../flow/context';
import type { PinGate } from './pin-gate';

/** A staff terminal locks itself after this long (the kiosk must not stay open). */
export const STAFF_UNLOCK_MS = 10 * 60_000;

/** `id` names who did what in the audit (a technician's change); the screen shows role and name. */
export type StaffUnlock = { id: string; role: StaffRole; name: string; until: number };

export interface StaffMode {
  unlock(pin: string): Promise<Result<StaffUnlock>>;
  /** back to the kiosk; true when the screen was unlocked */
  lock(): boolean;
  /** the unlock in force, or null (never unlocked, locked, or expired) */
  current(): StaffUnlock | null;
}

/**
 * The staff state of one terminal (one screen): unlocked with a PIN, it ends on lock, on expiry
 * (`onExpired` tells the screen) or when the terminal closes (the caller locks it).
 */
export function createStaffMode(deps: {
  gate: PinGate;
  now: () => number;
  schedule: Schedule;
  log: LogFn;
  onExpired: () => void;
  unlockMs?: number;
}): StaffMode {
  let unlocked: StaffUnlock | null = null;
  let cancelExpiry: Cancel | null = null;

  const clear = (): boolean => {
    const was = unlocked !== null;
    cancelExpiry?.();
    cancelExpiry = null;
    unlocked = null;
    return was;
  };

  return {
    async unlock(pin) {
      const checked = await deps.gate.verify(pin);
      if (!checked.ok) return checked;
      clear();
      const until = deps.now() + (deps.unlockMs ?? STAFF_UNLOCK_MS);
      const granted: StaffUnlock = { id: checked.value.id, role: checked.value.role, name: checked.value.name, until };
      unlocked = granted;
      cancelExpiry = deps.schedule(() => {
        if (unlocked !== granted) return;
        clear();
        deps.log('staff.locked', { reason: 'expired' });
        deps.onExpired();
      }, until - deps.now());
      return ok(granted);
    },
    lock() {
      const was = clear();
      if (was) deps.log('staff.locked', { reason: 'lock' });
      return was;
    },
    current() {
      // the timer may lag a suspended machine: the clock has the last word
      if (unlocked && unlocked.until <= deps.now()) {
        clear();
        deps.onExpired();
      }
      return unlocked;
    },
  };
}
