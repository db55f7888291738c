import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { CentralDatabase } from '../../db/central/schema';
import type { CentralErrorCode, CredentialsRequest } from '../contract';
import { recordAudit } from './audit';
import { activationState, currentActivation } from './activation';
import { questionText } from './catalog';
import type { CentralDeps } from './deps';
import { findLiveGrant, type Grant } from './grants';
import { fail, parseBody, reply } from './http';
import { recordKey, scopedKey } from './idempotency';

type Body = z.infer<typeof CredentialsRequest>;
type ErrorCode = z.infer<typeof CentralErrorCode>;

/** A refusal of a credentials write: the HTTP status the route answers and the contract code. */
export type Refusal = { status: 400 | 403 | 409; error: ErrorCode };
/** applied = the clave is set now; replay = this key was applied before (nothing happens twice). */
export type CredentialsOutcome = { ok: true; outcome: 'applied' | 'replay' } | { ok: false; refusal: Refusal };

/** Signals a rollback from inside the transaction without treating it as a crash. */
class Abort extends Error {
  constructor(readonly outcome: 'replay' | 'grant_spent') {
    super(outcome);
  }
}

const refuse = (status: Refusal['status'], error: ErrorCode): CredentialsOutcome => ({ ok: false, refusal: { status, error } });

/** Whatever the flow still owes before a clave may be set, as a refusal; null when clear. */
async function missingStep(deps: CentralDeps, grant: Grant, body: Body): Promise<Refusal | null> {
  const { db } = deps;
  if (grant.subject_kind === 'employer') {
    // employer: the 6-digit code sent to the corporate email plays the role of the link
    return grant.code_verified === 1 ? null : { status: 409, error: 'activation_pending' };
  }
  const activation = await currentActivation(db, grant.grant_hash);
  if (!activation) return { status: 409, error: 'activation_pending' };
  const state = activationState(activation, deps.now());
  if (state === 'pending') return { status: 409, error: 'activation_pending' };
  if (state === 'expired') return { status: 409, error: 'activation_expired' };
  // only the address the person proved to read may be registered
  if (body.email !== undefined && body.email.toLowerCase() !== activation.email.toLowerCase()) return { status: 409, error: 'conflict' };
  if (grant.intent === 'recover' && grant.image_verified !== 1) {
    const person = await db.selectFrom('afiliado').select('security_image').where('id', '=', grant.subject_id).executeTakeFirst();
    if (person?.security_image) return { status: 409, error: 'conflict' }; // trámite step 6b: pick yours of 9 first
  }
  return null;
}

/** The effect itself, inside the caller's transaction. */
async function writeCredentials(trx: Transaction<CentralDatabase>, grant: Grant, body: Body, now: number): Promise<void> {
  const consumed = await trx
    .updateTable('grant')
    .set({ consumed_at: now })
    .where('grant_hash', '=', grant.grant_hash)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  if (consumed.numUpdatedRows === 0n) throw new Abort('grant_spent');

  if (grant.subject_kind === 'employer') {
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    await trx
      .updateTable('employer')
      .set({ password_hash: body.passwordHash, has_password: 1, credentials_updated_at: now })
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .execute();
    return;
  }
  const id = grant.subject_id;
  await trx
    .updateTable('afiliado')
    .set({
      password_hash: body.passwordHash,
      has_password: 1,
      credentials_updated_at: now,
      ...(body.securityImage !== undefined ? { security_image: body.securityImage } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.mobile !== undefined ? { mobile: body.mobile } : {}),
      ...(body.landline !== undefined ? { landline: body.landline } : {}),
    })
    .where('id', '=', id)
    .execute();
  if (body.securityAnswers !== undefined) {
    // a new set of security answers replaces the old one entirely
    await trx.deleteFrom('security_answer').where('afiliado_id', '=', id).execute();
    for (const a of body.securityAnswers) {
      await trx.insertInto('security_answer').values({ afiliado_id: id, question_id: a.questionId, answer_hash: a.answerHash }).execute();
    }
  }
}

/**
 * Trámite step 12: the new clave (already an argon2id PHC from the kiosk) and what came with it.
 * Shared by POST /credentials and the 'credentials.set' event of POST /events, so both follow the
 * same rules; the key is recorded in the same transaction as the effect (applied at most once).
 */
export async function applyCredentials(
  deps: CentralDeps,
  db: Kysely<CentralDatabase>,
  body: Body,
  key: { key: string; kioskId: string; route: string } | null,
  kioskId: string,
): Promise<CredentialsOutcome> {
  // a replay arrives after the grant was consumed, so the key is looked at first
  if (key && (await db.selectFrom('idempotency').select('key').where('key', '=', scopedKey(key.kioskId, key.key)).executeTakeFirst())) return { ok: true, outcome: 'replay' };
  const questionIds = (body.securityAnswers ?? []).map((a) => a.questionId);
  if (questionIds.some((q) => !questionText(q)) || new Set(questionIds).size !== questionIds.length) return refuse(400, 'invalid_request');
  const now = deps.now();
  const grant = await findLiveGrant(db, body.grant, 'any', now);
  if (!grant) return refuse(403, 'grant_invalid');
  const refusal = await missingStep(deps, grant, body);
  if (refusal) return { ok: false, refusal };
  try {
    await db.transaction().execute(async (trx) => {
      if (key && !(await recordKey(trx, key, now))) throw new Abort('replay');
      await writeCredentials(trx, grant, body, now);
    });
    await recordAudit(db, { at: now, kioskId, action: 'credentials.set', subject: grant.subject_id, detail: grant.intent });
    return { ok: true, outcome: 'applied' };
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    return error.outcome === 'replay' ? { ok: true, outcome: 'replay' } : refuse(403, 'grant_invalid');
  }
}

export function registerCredentialsRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post('/api/v1/credentials', async (c) => {
    const parsed = await parseBody(c, 'credentials');
    if (!parsed.ok) return parsed.response;
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) return fail(c, 400, 'invalid_request');
    const kioskId = c.get('kioskId');
    const result = await applyCredentials(deps, deps.db, parsed.value, key ? { key, kioskId, route: 'credentials' } : null, kioskId);
    if (!result.ok) return fail(c, result.refusal.status, result.refusal.error);
    return reply(c, 'credentials', { applied: result.outcome === 'applied' });
  });
}
