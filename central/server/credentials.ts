import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { CentralDatabase } from '../../db/central/schema';
import { checkPassword } from '../../domain/password/policy';
import {
  type CentralErrorCode,
  type CredentialsRequest,
  CredentialsSecrets,
  routes,
  SEALED_CREDENTIALS,
} from '../contract';
import { normalizeAnswer } from '../normalize';
import { openSealed } from '../sealed';
import { passwordChangedEmail } from './mail/templates';
import { recordAudit } from './audit';
import { activationState, currentActivation } from './activation';
import { questionText } from './catalog';
import { CREDENTIALS_GRACE_MS, type CentralDeps } from './deps';
import type { Grant } from './grants';
import { sha256 } from './secrets';
import { fail, parseBody, reply } from './http';
import { recordKey, scopedKey } from './idempotency';

type Request = z.infer<typeof CredentialsRequest>;
/** What is written, once the central opened, checked and hashed what the kiosk sealed. */
type Body = {
  passwordHash: string;
  securityAnswers?: { questionId: string; answerHash: string }[];
  securityImage?: CredentialsSecrets['securityImage'];
  email?: string;
  mobile?: string;
  landline?: string;
};
type ErrorCode = z.infer<typeof CentralErrorCode>;

/** A refusal of a credentials write: the HTTP status the route answers and the contract code. */
export type Refusal = { status: 400 | 403 | 409 | 422; error: ErrorCode };
/** applied = the clave is set now; replay = this key was applied before (nothing happens twice). */
export type CredentialsOutcome =
  | { ok: true; outcome: 'applied' | 'replay' }
  /** sealedAt: when the kiosk sealed the payload (null when it could not be opened) */
  | { ok: false; refusal: Refusal; sealedAt: number | null };

/** Signals a rollback from inside the transaction without treating it as a crash. */
class Abort extends Error {
  constructor(readonly outcome: 'replay' | 'grant_spent') {
    super(outcome);
  }
}

const refuse = (status: Refusal['status'], error: ErrorCode, sealedAt: number | null = null): CredentialsOutcome => ({
  ok: false,
  refusal: { status, error },
  sealedAt,
});

/** Whatever the flow still owes before a clave may be set, as a refusal; null when clear. */
async function missingStep(deps: CentralDeps, grant: Grant, body: Pick<Body, 'email'>): Promise<Refusal | null> {
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
  if (body.email !== undefined && body.email.toLowerCase() !== activation.email.toLowerCase())
    return { status: 409, error: 'conflict' };
  if (grant.intent === 'recover' && grant.image_verified !== 1) {
    const person = await db
      .selectFrom('afiliado')
      .select('security_image')
      .where('id', '=', grant.subject_id)
      .executeTakeFirst();
    if (person?.security_image) return { status: 409, error: 'conflict' }; // trámite step 6b: pick yours of 9 first
  }
  return null;
}

/** The effect itself, inside the caller's transaction. */
async function writeCredentials(
  trx: Transaction<CentralDatabase>,
  grant: Grant,
  body: Body,
  now: number,
): Promise<void> {
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
      await trx
        .insertInto('security_answer')
        .values({ afiliado_id: id, question_id: a.questionId, answer_hash: a.answerHash })
        .execute();
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
  request: Request,
  key: { key: string; kioskId: string; route: string } | null,
  kioskId: string,
): Promise<CredentialsOutcome> {
  // a replay arrives after the grant was consumed, so the key is looked at first
  if (
    key &&
    (await db
      .selectFrom('idempotency')
      .select('key')
      .where('key', '=', scopedKey(key.kioskId, key.key))
      .executeTakeFirst())
  )
    return { ok: true, outcome: 'replay' };
  const opened = CredentialsSecrets.safeParse(openSealed(deps.sealKey, SEALED_CREDENTIALS, request.sealed));
  if (!opened.success) return refuse(400, 'invalid_request');
  const secrets = opened.data;
  const questionIds = (secrets.securityAnswers ?? []).map((a) => a.questionId);
  if (questionIds.some((q) => !questionText(q)) || new Set(questionIds).size !== questionIds.length)
    return refuse(400, 'invalid_request', secrets.sealedAt);
  const now = deps.now();
  const grant = await grantForCredentials(db, request.grant, now, secrets.sealedAt);
  if (!grant) return refuse(403, 'grant_invalid', secrets.sealedAt);
  const refusal = await missingStep(deps, grant, secrets);
  if (refusal) return { ok: false, refusal, sealedAt: secrets.sealedAt };
  // the policy runs here, where the clave lives: a kiosk's own check is only fast feedback
  const check = checkPassword({
    password: secrets.password,
    repeat: secrets.password,
    personal: await personalOf(db, grant),
  });
  if (check.broken.length > 0) return refuse(422, 'password_policy', secrets.sealedAt);
  const body: Body = {
    passwordHash: await deps.hasher.hash(secrets.password),
    ...(secrets.securityAnswers
      ? {
          securityAnswers: await Promise.all(
            secrets.securityAnswers.map(async (a) => ({
              questionId: a.questionId,
              answerHash: await deps.hasher.hash(normalizeAnswer(a.answer)),
            })),
          ),
        }
      : {}),
    ...(secrets.securityImage !== undefined ? { securityImage: secrets.securityImage } : {}),
    ...(secrets.email !== undefined ? { email: secrets.email } : {}),
    ...(secrets.mobile !== undefined ? { mobile: secrets.mobile } : {}),
    ...(secrets.landline !== undefined ? { landline: secrets.landline } : {}),
  };
  try {
    await db.transaction().execute(async (trx) => {
      if (key && !(await recordKey(trx, key, now))) throw new Abort('replay');
      await writeCredentials(trx, grant, body, now);
    });
    await recordAudit(db, {
      at: now,
      kioskId,
      action: 'credentials.set',
      subject: grant.subject_id,
      detail: grant.intent,
    });
    await noticeOfChange(deps, grant, kioskId, now);
    return { ok: true, outcome: 'applied' };
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    return error.outcome === 'replay'
      ? { ok: true, outcome: 'replay' }
      : refuse(403, 'grant_invalid', secrets.sealedAt);
  }
}

/**
 * Trámite step 12's change notice: sent by the central, the only one that knows the address (an
 * employer's corporate one, an afiliado's on file or just registered), so no kiosk queues it
 * and no kiosk disk ever holds it. A mail failure does not undo the clave.
 */
async function noticeOfChange(deps: CentralDeps, grant: Grant, kioskId: string, now: number): Promise<void> {
  const to = await addressOf(deps.db, grant);
  if (!to) return;
  await deps.mailer
    .send({ to, ...passwordChangedEmail({ when: new Date(now), officeName: deps.office.name, kioskId }) })
    .catch(() => undefined);
}

/** Where the central writes to the person or employer a grant is for; null when none is on file. */
export async function addressOf(db: Kysely<CentralDatabase>, grant: Grant): Promise<string | null> {
  if (grant.subject_kind === 'employer') {
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    const employer = await db
      .selectFrom('employer')
      .select('email')
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirst();
    return employer?.email ?? null;
  }
  const person = await db.selectFrom('afiliado').select('email').where('id', '=', grant.subject_id).executeTakeFirst();
  return person?.email ?? null;
}

/** What the clave may not contain (DESIGN §2): the person's id and birth date, or the RUC and representative. */
async function personalOf(db: Kysely<CentralDatabase>, grant: Grant): Promise<string[]> {
  if (grant.subject_kind === 'employer') {
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    const employer = await db
      .selectFrom('employer')
      .select('legal_rep_id')
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirst();
    return [ruc, employer?.legal_rep_id ?? ''].filter((v) => v !== '');
  }
  const person = await db
    .selectFrom('afiliado')
    .select('birth_date')
    .where('id', '=', grant.subject_id)
    .executeTakeFirst();
  return [grant.subject_id, person?.birth_date ?? ''].filter((v) => v !== '');
}

/**
 * The grant a credentials write may use: live, or expired no longer than the grace period when
 * the kiosk sealed the payload before it expired (the outbox held it while the central was down).
 */
async function grantForCredentials(
  db: Kysely<CentralDatabase>,
  grant: string,
  now: number,
  sealedAt: number,
): Promise<Grant | null> {
  const row = await db.selectFrom('grant').selectAll().where('grant_hash', '=', sha256(grant)).executeTakeFirst();
  if (!row || row.consumed_at !== null) return null;
  if (row.expires_at > now) return row;
  const sealedInTime = sealedAt >= row.created_at && sealedAt < row.expires_at;
  return sealedInTime && now < row.expires_at + CREDENTIALS_GRACE_MS ? row : null;
}

export function registerCredentialsRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.credentials.path, async (c) => {
    const parsed = await parseBody(c, 'credentials');
    if (!parsed.ok) return parsed.response;
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) return fail(c, 400, 'invalid_request');
    const kioskId = c.get('kioskId');
    const result = await applyCredentials(
      deps,
      deps.db,
      parsed.value,
      key ? { key, kioskId, route: 'credentials' } : null,
      kioskId,
    );
    if (!result.ok) return fail(c, result.refusal.status, result.refusal.error);
    return reply(c, 'credentials', { applied: result.outcome === 'applied' });
  });
}
