import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CentralClient } from '../../../central/client';
import { SEALED_STAFF_KEY, StaffPinVerifier, type StaffCredential } from '../../../central/contract';
import { newSealKeyPair, openSealed } from '../../../central/sealed';
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
import type { LogFn } from '../flow/context';
import type { OfflineKeyStore } from './offline-key';
import { pinMatchesVerifier } from './offline-verifier';

/** Lockout after 5 wrong PINs, for 15 minutes (the central counts the same way per kiosk). */
export const MAX_PIN_TRIES = 5;
export const PIN_LOCK_MS = 15 * 60_000;

export type StaffIdentity = { id: string; name: string; role: StaffRole };

/** A cached staff member: `verifier` is what the central keyed for this kiosk, never a PIN hash. */
export type CachedStaff = { id: string; name: string; role: StaffRole; verifier: StaffPinVerifier | null };

/** Where the staff list and the wrong-PIN count live (kiosk.db), so a restart forgets neither. */
export interface PinStore {
  staff(): Promise<CachedStaff[]>;
  replaceStaff(staff: StaffCredential[]): Promise<void>;
  readLockout(): Promise<PinLockoutState>;
  writeLockout(state: PinLockoutState): Promise<void>;
}

const verifierOf = (stored: string): StaffPinVerifier | null => {
  try {
    const parsed = StaffPinVerifier.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** kiosk.db's staff table: its `pin_hash` column holds the verifier (JSON), which is no hash of the PIN. */
export function dbPinStore(db: Kysely<KioskDb>): PinStore {
  return {
    staff: async () =>
      (await listStaff(db)).map((r) => ({ id: r.id, name: r.name, role: r.role, verifier: verifierOf(r.pinHash) })),
    replaceStaff: (staff) =>
      replaceStaff(
        db,
        staff.map((s): StaffRow => ({ id: s.id, name: s.name, role: s.role, pinHash: JSON.stringify(s.pinVerifier) })),
      ),
    readLockout: () => readPinLockout(db),
    writeLockout: (state) => writePinLockout(db, state),
  };
}

export interface PinGate {
  /** the staff member whose PIN this is; pin_wrong (attemptsLeft) or locked (retryAfterSeconds) */
  verify(pin: string): Promise<Result<StaffIdentity>>;
}

const SealedKey = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();

/**
 * Staff PINs are checked at the central whenever it answers: it counts wrong PINs per kiosk,
 * and a right PIN brings back this kiosk's offline key (sealed to a one-off key made here).
 * Only when the central is out of reach does the kiosk check its cache: the verifiers the
 * central keyed for this kiosk, with the key from the last online unlock. The local count of
 * wrong PINs follows the central's, so pulling the network cable gives no fresh tries; it is
 * kiosk-wide (a wrong PIN names nobody) and persisted. Checks run one at a time.
 */
export function createPinGate(deps: {
  store: PinStore;
  central: CentralClient;
  offlineKey: OfflineKeyStore;
  now: () => number;
  log: LogFn;
}): PinGate {
  const { store, now, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  const lockedFor = (until: number) =>
    fail('locked', { retryAfterSeconds: Math.max(1, Math.ceil((until - now()) / 1000)) });

  /** null: the central could not be asked (out of reach); the offline check decides. */
  async function checkAtCentral(pin: string): Promise<Result<StaffIdentity> | null> {
    const oneOff = newSealKeyPair();
    const answer = await deps.central.call('staffVerify', { pin, sealTo: oneOff.publicKey });
    if (!answer.ok) {
      const { failure } = answer;
      if (failure.kind !== 'rejected') return null;
      if (failure.error === 'locked' && failure.lockedUntil) {
        await store.writeLockout({ failed: MAX_PIN_TRIES, lockedUntil: failure.lockedUntil });
        return lockedFor(failure.lockedUntil);
      }
      // an unenrolled or revoked kiosk: nobody unlocks it, online or from a cache
      return fail('central_unavailable');
    }
    const result = answer.value;
    if (!result.ok) {
      await store.writeLockout({
        failed: MAX_PIN_TRIES - result.attemptsLeft,
        lockedUntil: result.locked ? (result.lockedUntil ?? now() + PIN_LOCK_MS) : null,
      });
      if (result.locked) {
        log('staff.pin_locked', { at: 'central' });
        return lockedFor(result.lockedUntil ?? now() + PIN_LOCK_MS);
      }
      log('staff.pin_wrong', { attemptsLeft: result.attemptsLeft, at: 'central' });
      return fail('pin_wrong', { attemptsLeft: result.attemptsLeft });
    }
    await store.writeLockout({ failed: 0, lockedUntil: null });
    if (result.offlineKey) {
      const opened = SealedKey.safeParse(openSealed(oneOff.privateKey, SEALED_STAFF_KEY, result.offlineKey.sealed));
      if (opened.success)
        deps.offlineKey.write({ kid: result.offlineKey.kid, key: Buffer.from(opened.data.key, 'base64url') });
    }
    log('staff.unlocked', { role: result.staff.role, at: 'central' });
    return ok(result.staff);
  }

  async function checkOffline(pin: string): Promise<Result<StaffIdentity>> {
    let state = await store.readLockout();
    if (state.lockedUntil !== null) {
      if (state.lockedUntil > now()) return lockedFor(state.lockedUntil);
      state = { failed: 0, lockedUntil: null }; // the lock ran out: a fresh set of tries
    }
    // with no staff list or no key no PIN can be judged: counting a try would lock staff out
    // for a network's fault, so the kiosk says the central is out of reach instead
    const key = deps.offlineKey.read();
    const members = (await store.staff()).filter((m) => m.verifier !== null && m.verifier.kid === key?.kid);
    if (!key || members.length === 0) return fail('central_unavailable');
    // every verifier is checked, so the time taken does not say which staff member matched
    let match: CachedStaff | null = null;
    for (const member of members) {
      if (member.verifier && (await pinMatchesVerifier(key.key, member.verifier, pin)) && !match) match = member;
    }
    if (match) {
      if (state.failed > 0) await store.writeLockout({ failed: 0, lockedUntil: null });
      log('staff.unlocked', { role: match.role, at: 'cache' });
      return ok({ id: match.id, name: match.name, role: match.role });
    }
    const failed = state.failed + 1;
    if (failed >= MAX_PIN_TRIES) {
      await store.writeLockout({ failed, lockedUntil: now() + PIN_LOCK_MS });
      log('staff.pin_locked', { failed, at: 'cache' });
      return fail('locked', { retryAfterSeconds: PIN_LOCK_MS / 1000 });
    }
    await store.writeLockout({ failed, lockedUntil: null });
    log('staff.pin_wrong', { attemptsLeft: MAX_PIN_TRIES - failed, at: 'cache' });
    return fail('pin_wrong', { attemptsLeft: MAX_PIN_TRIES - failed });
  }

  async function check(pin: string): Promise<Result<StaffIdentity>> {
    return (await checkAtCentral(pin)) ?? checkOffline(pin);
  }

  return {
    verify(pin) {
      const result = queue.then(() => check(pin));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
