import type { Kysely, Selectable } from 'kysely';
import type { AfiliadoTable, CentralDatabase } from '../../db/central/schema';
import { lockedForUpdate } from '../../db/dialect';
import { recordAudit } from './audit';
import { MAX_ATTEMPTS, type CentralDeps } from './deps';

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

/**
 * Trámite step 4: a wrong verification or image pick costs one of 5 attempts, counted here so a
 * second kiosk cannot start over; the 5th locks for lockMinutes. Read and write happen in one
 * transaction so two kiosks failing at once cannot both spend the same attempt.
 */
export async function recordFailure(deps: CentralDeps, afiliadoId: string, kioskId: string): Promise<LockState> {
  const state = await deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    // PostgreSQL: two nodes must not both read 3 and both write 4
    const row = await lockedForUpdate(
      trx,
      trx.selectFrom('afiliado').select(['failed_attempts', 'locked_until']).where('id', '=', afiliadoId),
    ).executeTakeFirstOrThrow();
    const current = lockStateOf(row, now);
    if (current.locked) return { ...current, lockedNow: false };
    const failed = MAX_ATTEMPTS - current.attemptsLeft + 1;
    const lockedUntil = failed >= MAX_ATTEMPTS ? now + deps.lockMinutes * 60_000 : null;
    await trx
      .updateTable('afiliado')
      .set({ failed_attempts: failed, locked_until: lockedUntil })
      .where('id', '=', afiliadoId)
      .execute();
    if (lockedUntil !== null) await killGrantsOf(trx, afiliadoId, now);
    return {
      ...lockStateOf({ failed_attempts: failed, locked_until: lockedUntil }, now),
      lockedNow: lockedUntil !== null,
    };
  });
  if (state.lockedNow)
    await recordAudit(deps.db, { at: deps.now(), kioskId, action: 'person.locked', subject: afiliadoId });
  const { lockedNow: _lockedNow, ...lock } = state;
  return lock;
}

export async function resetAttempts(db: Kysely<CentralDatabase>, afiliadoId: string): Promise<void> {
  await db
    .updateTable('afiliado')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', afiliadoId)
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
