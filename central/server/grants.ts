import type { Kysely, Selectable } from 'kysely';
import type { CentralDatabase, GrantTable } from '../../db/central/schema';
import { GRANT_TTL_MS, MAX_CODE_TRIES } from './deps';
import { randomToken, sha256 } from './secrets';

export type Grant = Selectable<GrantTable>;
export type GrantSubject = { kind: Grant['subject_kind']; subjectId: string; intent: Grant['intent'] };

/**
 * A grant proves "this person passed verification a moment ago". It is a 256-bit bearer value
 * handed to the kiosk core; the central keeps only its sha256, valid 15 minutes, bound to the person.
 */
export async function issueGrant(db: Kysely<CentralDatabase>, subject: GrantSubject, now: number): Promise<string> {
  const grant = randomToken(32);
  await db
    .insertInto('grant')
    .values({
      grant_hash: sha256(grant),
      subject_kind: subject.kind,
      subject_id: subject.subjectId,
      intent: subject.intent,
      created_at: now,
      expires_at: now + GRANT_TTL_MS,
      consumed_at: null,
      image_verified: 0,
      code_hash: null,
      code_expires_at: null,
      code_attempts_left: MAX_CODE_TRIES,
      code_verified: 0,
    })
    .execute();
  return grant;
}

/** The live grant of that kind, or null when unknown, expired, consumed or of another kind. */
export async function findLiveGrant(
  db: Kysely<CentralDatabase>,
  grant: string,
  kind: Grant['subject_kind'] | 'any',
  now: number,
): Promise<Grant | null> {
  const row = await db.selectFrom('grant').selectAll().where('grant_hash', '=', sha256(grant)).executeTakeFirst();
  if (!row || row.consumed_at !== null || row.expires_at <= now) return null;
  if (kind !== 'any' && row.subject_kind !== kind) return null;
  return row;
}
