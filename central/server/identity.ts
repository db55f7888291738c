import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import { normalizeAnswer } from '../normalize';
import { recordAudit } from './audit';
import { lockStateOf, refundAttempt, reserveAttempt, settleRight, settleWrong, type Reservation } from './attempts';
import { drawChallengeSet, IssuedSet } from './challenge';
import { decoysFor } from './decoys';
import type { CentralDeps } from './deps';
import { findLiveGrant, issueGrant } from './grants';
import { fail, parseBody, reply } from './http';
import { takeLookup } from './ratelimit';
import { matchesRecordAnswer, shuffle } from './secrets';
import { maskEmail, maskName } from '../../domain/mask';
import { mailProviderOf } from '../../domain/mail-provider';
import type { MailProvider } from '../../domain/vocabulary';
import { routes } from '../contract';

/** Trámite steps 2–4 and 6b: who is this, is it really them, and (recover) is that their image. */
export function registerIdentityRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;

  const findPerson = (idType: 'cedula' | 'foreigner', id: string) =>
    db.selectFrom('afiliado').selectAll().where('id', '=', id).where('id_type', '=', idType).executeTakeFirst();

  app.post(routes.lookup.path, async (c) => {
    const body = await parseBody(c, 'lookup');
    if (!body.ok) return body.response;
    // trámite step 3: lookups are rate limited per kiosk, so a kiosk cannot enumerate people
    if (!(await takeLookup(deps, 'afiliado', c.get('kioskId')))) return fail(c, 429, 'rate_limited');
    const person = await findPerson(body.value.idType, body.value.id);
    if (!person) return reply(c, 'lookup', { found: false });
    const lock = lockStateOf(person, deps.now());
    return reply(c, 'lookup', { found: true, hasPassword: person.has_password === 1, ...lock });
  });

  app.post(routes.challenge.path, async (c) => {
    const body = await parseBody(c, 'challenge');
    if (!body.ok) return body.response;
    const person = await findPerson(body.value.idType, body.value.id);
    if (!person) return fail(c, 404, 'not_found');
    const lock = lockStateOf(person, deps.now());
    if (lock.locked) return fail(c, 423, 'locked', lock.lockedUntil);
    // the person's record decides: someone with a clave recovers it (their own questions and
    // image); a kiosk saying "generate" for them would skip both, so a mismatch is refused
    const intent = person.has_password === 1 ? 'recover' : 'generate';
    if (body.value.intent !== undefined && body.value.intent !== intent) return fail(c, 409, 'conflict');
    const drawn = await drawChallengeSet(deps, person.id, intent, c.get('kioskId'));
    if (!drawn) return fail(c, 429, 'rate_limited');
    return reply(c, 'challenge', { ...drawn, attemptsLeft: lock.attemptsLeft });
  });

  /** A refused reservation: locked (423 with the lock) or another check of this person in flight (429). */
  const refused = (c: Parameters<typeof fail>[0], r: Extract<Reservation, { ok: false }>) =>
    r.locked ? fail(c, 423, 'locked', r.locked.lockedUntil) : fail(c, 429, 'rate_limited');

  app.post(routes.verify.path, async (c) => {
    const body = await parseBody(c, 'verify');
    if (!body.ok) return body.response;
    const now = deps.now();
    const set = await db
      .selectFrom('challenge_set')
      .selectAll()
      .where('id', '=', body.value.challengeId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!set) return fail(c, 404, 'not_found');
    // the attempt is spent before any answer is checked: racing requests cannot all be evaluated
    const reservation = await reserveAttempt(deps, set.afiliado_id);
    if (!reservation.ok) return refused(c, reservation);
    // single use: claiming the set is one statement, so a replay finds it spent
    const claimed = await db
      .updateTable('challenge_set')
      .set({ used_at: now })
      .where('id', '=', set.id)
      .where('used_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!claimed) {
      await refundAttempt(deps, set.afiliado_id, reservation.lease);
      return fail(c, 404, 'not_found');
    }
    const person = await db
      .selectFrom('afiliado')
      .selectAll()
      .where('id', '=', claimed.afiliado_id)
      .executeTakeFirstOrThrow();

    const issued = IssuedSet.parse(JSON.parse(claimed.questions_json));
    const given = new Map(body.value.answers.map((a) => [a.questionId, a.answer]));
    const [, month, day] = person.birth_date.split('-').map(Number);
    const birthRight = day === body.value.birthDay && month === body.value.birthMonth;
    // the stored answers of the whole set in two reads (not one per question)
    const choiceIds = issued.flatMap((q) => (q.kind === 'choice' ? [q.challengeRowId] : []));
    const ownIds = issued.flatMap((q) => (q.kind === 'choice' ? [] : [q.id]));
    const choiceHashes = new Map(
      choiceIds.length === 0
        ? []
        : (await db.selectFrom('challenge').select(['id', 'answer_hash']).where('id', 'in', choiceIds).execute()).map(
            (r) => [r.id, r.answer_hash],
          ),
    );
    const ownHashes = new Map(
      ownIds.length === 0
        ? []
        : (
            await db
              .selectFrom('security_answer')
              .select(['question_id', 'answer_hash'])
              .where('afiliado_id', '=', person.id)
              .where('question_id', 'in', ownIds)
              .execute()
          ).map((r) => [r.question_id, r.answer_hash]),
    );
    // every answer is checked even after a wrong one: the reply never says which part failed
    const checks = await Promise.all(
      issued.map(async (q) => {
        const answer = given.get(q.id);
        if (answer === undefined) return false;
        if (q.kind === 'choice') {
          const hash = choiceHashes.get(q.challengeRowId);
          // a record answer is one of 4 options: keyed hash; an older argon2 row still verifies
          if (hash && matchesRecordAnswer(deps.keys.recordAnswers, hash, normalizeAnswer(answer))) return true;
          if (!hash || !hash.startsWith('$argon2')) return false;
          return deps.hasher.verify(hash, normalizeAnswer(answer));
        }
        return deps.hasher.verify(ownHashes.get(q.id), normalizeAnswer(answer));
      }),
    );

    if (!birthRight || checks.includes(false)) {
      const after = await settleWrong(deps, person.id, reservation, c.get('kioskId'));
      return reply(c, 'verify', { ok: false, ...after });
    }
    await settleRight(deps, person.id, reservation.lease);
    // a right answer ends the person's draw count with their attempt count: the sets still out
    // (on this or another kiosk) are void, and a kiosk that tries one draws again
    await db.deleteFrom('challenge_set').where('afiliado_id', '=', person.id).execute();
    const grant = await issueGrant(db, { kind: 'afiliado', subjectId: person.id, intent: claimed.intent }, now);
    await recordAudit(db, {
      at: now,
      kioskId: c.get('kioskId'),
      action: 'grant.issued',
      subject: person.id,
      detail: claimed.intent,
    });
    // the same 8 decoys every time for this person: intersecting the sets of several
    // verifications leaves all 9, not their own image
    const imageCandidates = person.security_image
      ? shuffle([person.security_image, ...decoysFor(deps.keys.decoys, person.id, person.security_image)])
      : null;
    return reply(c, 'verify', {
      ok: true,
      grant,
      profile: {
        maskedName: maskName(person.full_name),
        emailOnFile: emailOnFileOf(person),
        dataUpdatedInPerson: person.data_updated_in_person === 1,
        hasPassword: person.has_password === 1,
        imageCandidates,
      },
    });
  });

  app.post(routes.imageCheck.path, async (c) => {
    const body = await parseBody(c, 'imageCheck');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const person = await db
      .selectFrom('afiliado')
      .selectAll()
      .where('id', '=', grant.subject_id)
      .executeTakeFirstOrThrow();
    if (!person.security_image) return fail(c, 409, 'conflict');
    // trámite step 6b: a pick is an attempt on the same counter as verify, reserved the same way
    const reservation = await reserveAttempt(deps, person.id);
    if (!reservation.ok) return refused(c, reservation);
    if (body.value.imageId !== person.security_image) {
      const after = await settleWrong(deps, person.id, reservation, c.get('kioskId'));
      return reply(c, 'imageCheck', { ok: false, ...after });
    }
    // a right pick was no failure: the attempt is given back (the count is not reset by a pick)
    await refundAttempt(deps, person.id, reservation.lease);
    await db.updateTable('grant').set({ image_verified: 1 }).where('grant_hash', '=', grant.grant_hash).execute();
    return reply(c, 'imageCheck', { ok: true });
  });
}

/**
 * Trámite step 7: the address on file is shown (masked) only when the person updated their data
 * in person; otherwise the kiosk asks for one and learns nothing of the address on file.
 */
function emailOnFileOf(person: {
  email: string | null;
  data_updated_in_person: number;
}): { masked: string; provider: MailProvider } | null {
  if (person.data_updated_in_person !== 1 || !person.email) return null;
  return { masked: maskEmail(person.email), provider: mailProviderOf(person.email) };
}
