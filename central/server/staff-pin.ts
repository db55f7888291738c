import type { StaffRole } from '../../domain/vocabulary';
import { recordAudit } from './audit';
import { MAX_STAFF_PIN_TRIES, STAFF_PIN_LOCK_MS, type CentralDeps } from './deps';
import { clearTries, lockKey, takeTry, type ThrottleRule } from './throttle';

const RULE: ThrottleRule = { limit: MAX_STAFF_PIN_TRIES, windowMs: STAFF_PIN_LOCK_MS, lockMs: STAFF_PIN_LOCK_MS };

export type StaffMember = { id: string; name: string; role: StaffRole };

export type PinCheck =
  | { kind: 'ok'; member: StaffMember }
  | { kind: 'wrong'; attemptsLeft: number }
  /** nothing is judged from this kiosk until `until`; `now`: this very try used the last one */
  | { kind: 'locked'; until: number; now: boolean };

/**
 * A staff PIN typed at an enrolled kiosk, judged in one place for every route that takes one
 * (the kiosk's unlock and the supervisor's live-view session): one count of wrong PINs per kiosk,
 * so a second route is not a second set of tries. Each try is counted before any hash is checked,
 * so racing screens or a kiosk's own restarts cannot reset or outrun it. Every member's hash is
 * checked through the central's hasher (its parameter allow-list), so the time taken does not say
 * which member matched, or whether any exists.
 */
export async function checkStaffPin(deps: CentralDeps, kioskId: string, pin: string): Promise<PinCheck> {
  const now = deps.now();
  const key = `staff-pin:${kioskId}`;
  const taken = await takeTry(deps.db, key, RULE, now);
  if (!taken.ok) return { kind: 'locked', until: taken.retryAt, now: false };

  const members = await deps.db.selectFrom('staff').select(['id', 'name', 'role', 'pin_hash']).orderBy('id').execute();
  let match: StaffMember | null = null;
  for (const member of members) {
    if ((await deps.hasher.verify(member.pin_hash, pin)) && !match)
      match = { id: member.id, name: member.name, role: member.role };
  }
  if (members.length === 0) await deps.hasher.verifyDummy(pin);

  if (!match) {
    if (taken.tries >= MAX_STAFF_PIN_TRIES) {
      await lockKey(deps.db, key, RULE, now);
      await recordAudit(deps.db, { at: now, kioskId, action: 'staff.pin_locked', subject: kioskId });
      return { kind: 'locked', until: now + RULE.lockMs, now: true };
    }
    await recordAudit(deps.db, { at: now, kioskId, action: 'staff.pin_wrong' });
    return { kind: 'wrong', attemptsLeft: MAX_STAFF_PIN_TRIES - taken.tries };
  }
  await clearTries(deps.db, key);
  return { kind: 'ok', member: match };
}
