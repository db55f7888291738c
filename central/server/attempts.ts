import type { Kysely, Selectable } from 'kysely';
import type { AfiliadoTable, CentralDatabase } from '../../db/central/schema';
import { recordAudit } from './audit';
import { MAX_ATTEMPTS, VERIFY_LEASE_MS, type CentralDeps } from './deps';
import { randomToken } from './secrets';

export type LockState = { locked: boolean; lockedUntil?: number; attemptsLeft: number };

type Row = Pick<Selectable<AfiliadoTable>, 'failed_attempts' | 'locked_until'>;

/** A lock that has run out counts as a fresh start of 5 attempts. */
export function lockStateOf(row: Row, now: number): LockState {
  if (row.locked_until !== null && row.locked_until > now) {
    return { locked: true, lockedUntil: row.locked_until, attemptsLeft: 0 };
  }
  if (row.locked_until !== null) return { locked: false, attemptsLeft: MAX_ATTEMPTS };
  return { locked: false, attemptsLeft: Math.max(0, MAX_ATTEMPTS - row.failed_attempts) };
}

/** A reserved attempt: the lease token that settles it, and its number (1..5). */
export type Reservation = { ok: true; lease: string; attempt: number } | { ok: false; locked: LockState | null };

/**
 * Trámite step 4: 5 attempts, counted by the central. An attempt is spent BEFORE the answers are
 * checked, by one conditional UPDATE on the person's row: it succeeds only while the person is
 * not locked, has attempts left and has no other verification in flight. So callers that race —
 * on one kiosk, on many, or on several central processes sharing the database — cannot all read
 * "4 left" and all be evaluated: at most 5 are ever checked, one at a time. The reservation that
 * spends the 5th attempt locks the person at once; a right answer (`settleRight`) lifts it.
 * Refused: `locked` (the lock state) or busy (null: another verification of this person is in flight).
 */
export async function reserveAttempt(deps: CentralDeps, afiliadoId: string): Promise<Reservation> {
  const { db } = deps;
  const now = deps.now();
  // a lock that ran out is a fresh start (twice at once resets once: the second matches nothing)
  await db
    .updateTable('afiliado')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', afiliadoId)
    .where('locked_until', '<=', now)
    .execute();
  const lease = randomToken(16);
  const reserved = await db
    .updateTable('afiliado')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      verify_lease: lease,
      verify_lease_until: now + VERIFY_LEASE_MS,
    }))
    .where('id', '=', afiliadoId)
    .where('locked_until', 'is', null)
    .where('failed_attempts', '<', MAX_ATTEMPTS)
    .where((eb) => eb.or([eb('verify_lease_until', 'is', null), eb('verify_lease_until', '<=', now)]))
    .returning(['failed_attempts'])
    .executeTakeFirst();
  if (!reserved) {
    const row = await db
      .selectFrom('afiliado')
      .select(['failed_attempts', 'locked_until'])
      .where('id', '=', afiliadoId)
      .executeTakeFirstOrThrow();
    const state = lockStateOf(row, now);
    return { ok: false, locked: state.locked || state.attemptsLeft === 0 ? state : null };
  }
  if (reserved.failed_attempts >= MAX_ATTEMPTS) {
    // the last attempt locks now: were this process to die mid-check, the person stays locked,
    // never "0 attempts left and not locked"
    await db
      .updateTable('afiliado')
      .set({ locked_until: now + deps.lockMinutes * 60_000 })
      .where('id', '=', afiliadoId)
      .where('verify_lease', '=', lease)
      .execute();
  }
  return { ok: true, lease, attempt: reserved.failed_attempts };
}

/** The reserved attempt was wrong: it stays spent; the 5th leaves the person locked (and audited). */
export async function settleWrong(
  deps: CentralDeps,
  afiliadoId: string,
  reservation: { lease: string; attempt: number },
  kioskId: string,
): Promise<LockState> {
  const now = deps.now();
  // read while the lease is still held: no other attempt can be reserved meanwhile, so the
  // count told to this caller is the one its own attempt left (not a racing caller's)
  const row = await deps.db
    .selectFrom('afiliado')
    .select(['failed_attempts', 'locked_until'])
    .where('id', '=', afiliadoId)
    .executeTakeFirstOrThrow();
  await releaseLease(deps.db, afiliadoId, reservation.lease);
  const state = lockStateOf(row, now);
  if (reservation.attempt >= MAX_ATTEMPTS) {
    await killGrantsOf(deps.db, afiliadoId, now);
    await recordAudit(deps.db, { at: now, kioskId, action: 'person.locked', subject: afiliadoId });
  }
  return state;
}

/** The reserved attempt was right: the count starts again and the lease is freed. */
export async function settleRight(deps: CentralDeps, afiliadoId: string, lease: string): Promise<void> {
  await deps.db
    .updateTable('afiliado')
    .set({ failed_attempts: 0, locked_until: null, verify_lease: null, verify_lease_until: null })
    .where('id', '=', afiliadoId)
    .where('verify_lease', '=', lease)
    .execute();
}

/** The attempt is given back: nothing was checked after all (a racing request spent the set), or it was no failure. */
export async function refundAttempt(deps: CentralDeps, afiliadoId: string, lease: string): Promise<void> {
  await deps.db
    .updateTable('afiliado')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '-', 1),
      locked_until: null,
      verify_lease: null,
      verify_lease_until: null,
    }))
    .where('id', '=', afiliadoId)
    .where('verify_lease', '=', lease)
    .execute();
}

async function releaseLease(db: Kysely<CentralDatabase>, afiliadoId: string, lease: string): Promise<void> {
  await db
    .updateTable('afiliado')
    .set({ verify_lease: null, verify_lease_until: null })
    .where('id', '=', afiliadoId)
    .where('verify_lease', '=', lease)
    .execute();
}

/** A person who just got locked out must not continue with a grant drawn before. */
async function killGrantsOf(db: Kysely<CentralDatabase>, afiliadoId: string, now: number): Promise<void> {
  await db
    .updateTable('grant')
    .set({ consumed_at: now })
    .where('subject_kind', '=', 'afiliado')
    .where('subject_id', '=', afiliadoId)
    .where('consumed_at', 'is', null)
    .execute();
}
