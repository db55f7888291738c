import type { Kysely } from 'kysely';
import type { CentralDatabase, StaffNoticeTable } from '../../db/central/schema';
import { maskName } from '../../domain/mask';
import { currentActivation } from './activation';
import { recordAudit } from './audit';
import { addressOf } from './credentials';
import type { CentralDeps } from './deps';
import type { Grant } from './grants';
import { claveNotChangedEmail } from './mail/templates';
import { sha256 } from './secrets';

/**
 * A kiosk's screen waits a few seconds for its clave to be confirmed, then tells the person it is
 * on its way. A refusal that reaches the kiosk later than this after the payload was sealed is
 * one nobody at the screen heard of ("finally refused"); sooner, the screen shows it itself.
 */
export const LIVE_REFUSAL_MS = 30_000;

export type RefusedCredentials = {
  kioskId: string;
  /** the outbox event's key: one notice per event, however often it is sent */
  eventKey: string;
  /** the bearer grant as the kiosk sent it (hashed before any use) */
  grant: string;
  /** when the kiosk sealed the payload; null when the payload could not be opened */
  sealedAt: number | null;
  reason: string;
};

/**
 * A sealed clave finally refused: staff get a notice (no clave, answer or address in it), the
 * audit a row, and the person — when the central knows an address of theirs and no clave of this
 * flow landed since — one mail per grant saying their clave was NOT changed and what to do.
 */
export async function noticeRefusedCredentials(deps: CentralDeps, refused: RefusedCredentials): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const grantHash = sha256(refused.grant);
  const grant = await db.selectFrom('grant').selectAll().where('grant_hash', '=', grantHash).executeTakeFirst();
  const final = refused.sealedAt === null || now - refused.sealedAt > LIVE_REFUSAL_MS || !isLive(grant, now);
  if (!final) return;

  const id = sha256(`${refused.kioskId}\u0000${refused.eventKey}`);
  const inserted = await db
    .insertInto('staff_notice')
    .values({
      id,
      at: now,
      kiosk_id: refused.kioskId,
      kind: 'credentials.refused',
      reason: refused.reason,
      subject_kind: grant?.subject_kind ?? null,
      masked_subject: grant ? await maskedSubjectOf(db, grant) : null,
      grant_hash: grant ? grantHash : null,
      person_told: 0,
      seen_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 0n) return; // this event was noticed before
  await recordAudit(db, {
    at: now,
    kioskId: refused.kioskId,
    action: 'credentials.refused',
    subject: grant?.subject_id ?? null,
    detail: refused.reason,
  });
  if (!grant || (await claveLandedSince(db, grant))) return;
  const toldBefore = await db
    .selectFrom('staff_notice')
    .select('id')
    .where('grant_hash', '=', grantHash)
    .where('person_told', '=', 1)
    .executeTakeFirst();
  if (toldBefore) return;
  // the address the person confirmed in this flow (a first one, for someone with none on file),
  // else the one on file
  const confirmed = await currentActivation(db, grantHash);
  const to = confirmed?.confirmed_at != null ? confirmed.email : await addressOf(db, grant);
  if (!to) return;
  const sent = await deps.mailer
    .send({
      to,
      ...claveNotChangedEmail({
        when: new Date(refused.sealedAt ?? now),
        officeName: deps.office.name,
        kioskId: refused.kioskId,
        reason: refused.reason,
      }),
    })
    .then(
      () => true,
      () => false,
    );
  if (sent) await db.updateTable('staff_notice').set({ person_told: 1 }).where('id', '=', id).execute();
}

/** What staff read: newest first, with whether the person was mailed. */
export async function listStaffNotices(
  db: Kysely<CentralDatabase>,
  limit = 100,
): Promise<Pick<StaffNoticeTable, 'id' | 'at' | 'kiosk_id' | 'kind' | 'reason' | 'masked_subject' | 'person_told'>[]> {
  return db
    .selectFrom('staff_notice')
    .select(['id', 'at', 'kiosk_id', 'kind', 'reason', 'masked_subject', 'person_told'])
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

const isLive = (grant: Grant | undefined, now: number) =>
  grant !== undefined && grant.consumed_at === null && grant.expires_at > now;

/** A clave of a later (or this) flow was set: "not changed" would mislead. */
async function claveLandedSince(db: Kysely<CentralDatabase>, grant: Grant): Promise<boolean> {
  if (grant.subject_kind === 'employer') {
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    const row = await db
      .selectFrom('employer')
      .select('credentials_updated_at')
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirst();
    return (row?.credentials_updated_at ?? 0) >= grant.created_at;
  }
  const row = await db
    .selectFrom('afiliado')
    .select('credentials_updated_at')
    .where('id', '=', grant.subject_id)
    .executeTakeFirst();
  return (row?.credentials_updated_at ?? 0) >= grant.created_at;
}

async function maskedSubjectOf(db: Kysely<CentralDatabase>, grant: Grant): Promise<string | null> {
  if (grant.subject_kind === 'employer') {
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    const row = await db
      .selectFrom('employer')
      .select('name')
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirst();
    return row?.name ?? null; // an employer's name is public
  }
  const row = await db.selectFrom('afiliado').select('full_name').where('id', '=', grant.subject_id).executeTakeFirst();
  return row ? maskName(row.full_name) : null;
}
