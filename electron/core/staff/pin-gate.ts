import type { Kysely } from 'kysely';
import { fail, ok, type Result } from '../../contract/result';
import type { StaffRole } from '../../../domain/vocabulary';
import {
  listStaff,
  readPinLockout,
  replaceStaff,
  writePinLockout,
  type PinLockoutState,
  type StaffRow,
} from '../../../db/kiosk/staff';
import type { KioskDb } from '../../../db/kiosk/schema';
import { verifySecret } from '../crypto/argon';
import type { LogFn } from '../flow/context';

/** Lockout after 5 wrong PINs, for 15 minutes. */
export const MAX_PIN_TRIES = 5;
export const PIN_LOCK_MS = 15 * 60_000;

export type StaffIdentity = { id: string; name: string; role: StaffRole };

/** Where the staff list and the wrong-PIN count live (kiosk.db), so a restart forgets neither. */
export interface PinStore {
  staff(): Promise<StaffRow[]>;
  replaceStaff(staff: StaffRow[]): Promise<void>;
  readLockout(): Promise<PinLockoutState>;
  writeLockout(state: PinLockoutState): Promise<void>;
}

export function dbPinStore(db: Kysely<KioskDb>): PinStore {
  return {
    staff: () => listStaff(db),
    replaceStaff: (staff) => replaceStaff(db, staff),
    readLockout: () => readPinLockout(db),
    writeLockout: (state) => writePinLockout(db, state),
  };
}

export interface PinGate {
  /** the staff member whose PIN this is; pin_wrong (attemptsLeft) or locked (retryAfterSeconds) */
  verify(pin: string): Promise<Result<StaffIdentity>>;
}

/**
 * Checks a staff PIN against every cached argon2id hash. The count of wrong PINs is kiosk-wide
 * (a wrong PIN names nobody) and persisted, so neither a restart nor a second screen resets it.
 * Checks run one at a time: two screens typing at once cannot both spend the last try.
 */
export function createPinGate(deps: { store: PinStore; now: () => number; log: LogFn }): PinGate {
  const { store, now, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  async function check(pin: string): Promise<Result<StaffIdentity>> {
    let state = await store.readLockout();
    if (state.lockedUntil !== null) {
      if (state.lockedUntil > now())
        return fail('locked', { retryAfterSeconds: Math.ceil((state.lockedUntil - now()) / 1000) });
      state = { failed: 0, lockedUntil: null }; // the lock ran out: a fresh set of tries
    }
    // with no staff list at all no PIN can be judged: counting a try would lock staff out for a
    // network's fault, so the kiosk says the central is out of reach instead
    const members = await store.staff();
    if (members.length === 0) return fail('central_unavailable');
    // every hash is checked, so the time taken does not say which staff member matched
    let match: StaffRow | null = null;
    for (const member of members) {
      if ((await verifySecret(member.pinHash, pin)) && !match) match = member;
    }
    if (match) {
      if (state.failed > 0 || state.lockedUntil !== null) await store.writeLockout({ failed: 0, lockedUntil: null });
      log('staff.unlocked', { role: match.role });
      return ok({ id: match.id, name: match.name, role: match.role });
    }
    const failed = state.failed + 1;
    if (failed >= MAX_PIN_TRIES) {
      await store.writeLockout({ failed, lockedUntil: now() + PIN_LOCK_MS });
      log('staff.pin_locked', { failed });
      return fail('locked', { retryAfterSeconds: PIN_LOCK_MS / 1000 });
    }
    await store.writeLockout({ failed, lockedUntil: null });
    log('staff.pin_wrong', { attemptsLeft: MAX_PIN_TRIES - failed });
    return fail('pin_wrong', { attemptsLeft: MAX_PIN_TRIES - failed });
  }

  return {
    verify(pin) {
      const result = queue.then(() => check(pin));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
