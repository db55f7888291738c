import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { CredentialsRequest } from '../contract';
import { activationState, currentActivation } from './activation';
import { questionText } from './catalog';
import type { CentralDeps } from './deps';
import { findLiveGrant, type Grant } from './grants';
import { fail, parseBody, reply } from './http';

type Body = z.infer<typeof CredentialsRequest>;
type Outcome = 'applied' | 'replay' | 'grant_spent';

/** Signals a rollback from inside the transaction without treating it as a crash. */
class Abort extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome);
  }
}

/** Trámite step 12: the new clave (already an argon2id PHC from the kiosk) and what came with it. */
export function registerCredentialsRoutes(app: Hono, deps: CentralDeps): void {
  const { db } = deps;

  /** Whatever the flow still owes before a clave may be set, as a refusal; null when clear. */
  async function missingStep(c: Context, grant: Grant, body: Body): Promise<Response | null> {
    if (grant.subject_kind === 'employer') {
      // employer: the 6-digit code sent to the corporate email plays the role of the link
      return grant.code_verified === 1 ? null : fail(c, 409, 'activation_pending');
    }
    const activation = await currentActivation(db, grant.grant_hash);
    if (!activation) return fail(c, 409, 'activation_pending');
    const state = activationState(activation, deps.now());
    if (state === 'pending') return fail(c, 409, 'activation_pending');
    if (state === 'expired') return fail(c, 409, 'activation_expired');
    // only the address the person proved to read may be registered
    if (body.email !== undefined && body.email.toLowerCase() !== activation.email.toLowerCase()) return fail(c, 409, 'conflict');
    if (grant.intent === 'recover' && grant.image_verified !== 1) {
      const person = await db.selectFrom('afiliado').select('security_image').where('id', '=', grant.subject_id).executeTakeFirst();
      if (person?.security_image) return fail(c, 409, 'conflict'); // trámite step 6b: pick yours of 9 first
    }
    return null;
  }

  app.post('/api/v1/credentials', async (c) => {
    const parsed = await parseBody(c, 'credentials');
    if (!parsed.ok) return parsed.response;
    const body = parsed.value;
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) return fail(c, 400, 'invalid_request');
    // a replay arrives after the grant was consumed, so the key is looked at first
    if (key && (await db.selectFrom('idempotency').select('key').where('key', '=', key).executeTakeFirst())) {
      return reply(c, 'credentials', { applied: false });
    }
    const questionIds = (body.securityAnswers ?? []).map((a) => a.questionId);
    if (questionIds.some((q) => !questionText(q)) || new Set(questionIds).size !== questionIds.length) return fail(c, 400, 'invalid_request');
    const now = deps.now();
    const grant = await findLiveGrant(db, body.grant, 'any', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const refusal = await missingStep(c, grant, body);
    if (refusal) return refusal;

    let outcome: Outcome;
    try {
      outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
        // the key is recorded in the same transaction as the effect: applied at most once
        if (key) {
          const inserted = await trx
            .insertInto('idempotency')
            .values({ key, kiosk_id: c.req.header('x-kiosk-id') ?? '', route: 'credentials', applied_at: now })
            .onConflict((oc) => oc.column('key').doNothing())
            .executeTakeFirst();
          if (inserted.numInsertedOrUpdatedRows === 0n) throw new Abort('replay');
        }
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
          return 'applied';
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
        return 'applied';
      });
    } catch (error) {
      if (!(error instanceof Abort)) throw error;
      outcome = error.outcome;
    }
    if (outcome === 'grant_spent') return fail(c, 403, 'grant_invalid');
    return reply(c, 'credentials', { applied: outcome === 'applied' });
  });
}
