import type { Kysely } from 'kysely';
import type { KioskDb } from './schema';

export type StaffRow = { id: string; name: string; role: 'supervisor' | 'technician'; pinHash: string };

/** Who may unlock this kiosk, as the central last said (DESIGN §4: staff PIN hashes cached). */
export async function listStaff(db: Kysely<KioskDb>): Promise<StaffRow[]> {
  const rows = await db.selectFrom('staff').select(['id', 'name', 'role', 'pin_hash']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, pinHash: r.pin_hash }));
}

/** Mirrors the central's list: someone removed there can no longer unlock here. One transaction. */
export async function replaceStaff(db: Kysely<KioskDb>, staff: StaffRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const keep = staff.map((s) => s.id);
    if (keep.length === 0) await trx.deleteFrom('staff').execute();
    else await trx.deleteFrom('staff').where('id', 'not in', keep).execute();
    for (const s of staff) {
      await trx
        .insertInto('staff')
        .values({ id: s.id, name: s.name, role: s.role, pin_hash: s.pinHash, locked_until: null })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: s.name, role: s.role, pin_hash: s.pinHash }))
        .execute();
    }
  });
}

/**
 * The kiosk-wide count of wrong staff PINs. A wrong PIN names nobody, so the count belongs to
 * the kiosk's PIN entry, not to a staff row; it lives in kiosk_meta so a restart does not reset it.
 */
export type PinLockoutState = { failed: number; lockedUntil: number | null };

const LOCKOUT_KEY = 'staff.pin_lockout';

export async function readPinLockout(db: Kysely<KioskDb>): Promise<PinLockoutState> {
  const row = await db.selectFrom('kiosk_meta').select('value').where('key', '=', LOCKOUT_KEY).executeTakeFirst();
  if (!row) return { failed: 0, lockedUntil: null };
  try {
    const parsed = JSON.parse(row.value) as { failed?: unknown; lockedUntil?: unknown };
    return {
      failed: typeof parsed.failed === 'number' ? parsed.failed : 0,
      lockedUntil: typeof parsed.lockedUntil === 'number' ? parsed.lockedUntil : null,
    };
  } catch {
    return { failed: 0, lockedUntil: null };
  }
}

export async function writePinLockout(db: Kysely<KioskDb>, state: PinLockoutState): Promise<void> {
  const value = JSON.stringify(state);
  await db
    .insertInto('kiosk_meta')
    .values({ key: LOCKOUT_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
